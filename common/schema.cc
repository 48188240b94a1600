#include "common/schema.h"

#include <filesystem>
#include <stdexcept>

#include "common/analysis/normalizer.h"

namespace fahras::schema {
namespace {

// Every kind with its prefix. Of the kinds whose prefixes begin alike, the
// longer prefix comes first ("ZS" before "Z"), so that parse_term can take
// the first that fits.
struct KindPrefix {
  TermKind kind;
  std::string_view prefix;
};
constexpr KindPrefix kPrefixes[] = {
    {TermKind::kTitleStem, "ZS"},
    {TermKind::kStem, "Z"},
    {TermKind::kBroad, "XB"},
    {TermKind::kSource, "XSOURCE"},
    {TermKind::kCategory, "XCATEGORY"},
    {TermKind::kId, "Q"},
    {TermKind::kDay, "D"},
    {TermKind::kMonth, "M"},
    {TermKind::kYear, "Y"},
};

// The field prefix Xapian is given for title words: Omega's S (title).
constexpr const char* kTitleField = "S";

bool is_capital(char c) { return c >= 'A' && c <= 'Z'; }

std::string cut(std::string term) {
  if (term.size() > kMaxTermBytes) term.resize(kMaxTermBytes);
  return term;
}

}  // namespace

std::string_view term_prefix(TermKind kind) {
  for (const KindPrefix& k : kPrefixes) {
    if (k.kind == kind) return k.prefix;
  }
  throw std::logic_error("term kind without a prefix");
}

std::string term(TermKind kind, std::string_view value) {
  std::string t(term_prefix(kind));
  t += value;
  return t;
}

std::optional<ParsedTerm> parse_term(std::string_view term) {
  for (const KindPrefix& k : kPrefixes) {
    if (term.substr(0, k.prefix.size()) != k.prefix) continue;
    const std::string_view value = term.substr(k.prefix.size());
    // "Z" then a capital letter other than S: a stemmed field of no kind here.
    if (k.kind == TermKind::kStem && !value.empty() && is_capital(value[0])) return std::nullopt;
    return ParsedTerm{k.kind, value};
  }
  return std::nullopt;
}

const char* word_prefix(TermKind kind) {
  if (kind == TermKind::kStem) return "";
  if (kind == TermKind::kTitleStem) return kTitleField;
  throw std::logic_error("word_prefix: not a kind of stem term");
}

std::string id_term(std::string_view id) { return cut(term(TermKind::kId, id)); }

std::string filter_term(TermKind kind, std::string_view value) {
  std::string folded;
  for (char c : normalize(value)) folded += (c == ' ' || c == '\t' || c == '\n') ? '_' : c;
  return cut(term(kind, folded));
}

bool is_database_directory(const std::string& dir) {
  std::error_code error;
  for (const char* marker : {"iamglass", "iamchert", "iamhoney"}) {
    if (std::filesystem::exists(std::filesystem::path(dir) / marker, error)) return true;
  }
  return false;
}

void check_compatible(const Xapian::Database& db, const std::string& name,
                      const std::string& chain_identity, CheckedBy checker) {
  const bool indexer = checker == CheckedBy::kIndexer;
  const std::string who = indexer ? "this indexer" : "this fahras-query";
  const std::string remedy =
      indexer ? "index into a new database" : "re-index it with this version of fahras-index";
  const std::string chain = db.get_metadata(kChainKey);
  if (chain.empty() && !indexer) {
    throw std::runtime_error(name + " is not a Fahras database (no analysis chain recorded)");
  }
  if (chain != chain_identity) {
    throw std::runtime_error("database " + name + " was built with analysis chain '" +
                             (chain.empty() ? "none (not a Fahras database)" : chain) + "', " +
                             who + " uses '" + chain_identity + "': " + remedy);
  }
  const std::string version = db.get_metadata(kSchemaKey);
  const int oldest = indexer ? kSchemaVersion : kOldestReadSchema;
  bool usable = false;
  for (int v = oldest; v <= kSchemaVersion; ++v) usable = usable || version == std::to_string(v);
  if (!usable) {
    const std::string range =
        oldest == kSchemaVersion ? std::to_string(kSchemaVersion)
                                 : std::to_string(oldest) + " to " + std::to_string(kSchemaVersion);
    throw std::runtime_error("database " + name + " has index schema " +
                             (version.empty() ? "none" : version) + ", " + who +
                             (indexer ? " writes " : " reads ") + range + ": " + remedy);
  }
}

}  // namespace fahras::schema
