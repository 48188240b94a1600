#include "common/search/query_builder.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <memory>
#include <optional>

#include "common/analysis/analyzer.h"
#include "common/analysis/stopwords.h"
#include "common/date.h"
#include "common/schema.h"

namespace fahras {
namespace {

// source:VALUE and category:VALUE, with VALUE normalized as at index time.
class FilterProcessor : public Xapian::FieldProcessor {
 public:
  explicit FilterProcessor(schema::TermKind kind) : kind_(kind) {}
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(schema::filter_term(kind_, value));
  }

 private:
  const schema::TermKind kind_;
};

// id:VALUE, the article's id exactly as written.
class IdProcessor : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(schema::id_term(value));
  }
};

// What a field processor could not read, reported once Xapian's parser has
// returned: an exception thrown through the parser leaks its state.
using ParseError = std::shared_ptr<std::string>;

// Notes `message` in `error` (the first one wins); returns a query matching
// nothing to stand in for the field.
Xapian::Query refuse(const ParseError& error, const std::string& message) {
  if (error->empty()) *error = message;
  return Xapian::Query::MatchNothing;
}

// date:YYYY, date:YYYY-MM, date:YYYY-MM-DD (that year, month or day) and
// date:A..B (from the first day of A to the last of B; either may be left
// out); with `years_only`, year:YYYY and year:A..B.
class DateProcessor : public Xapian::FieldProcessor {
 public:
  DateProcessor(bool years_only, ParseError error)
      : years_only_(years_only), error_(std::move(error)) {}

  Xapian::Query operator()(const std::string& value) override {
    const size_t dots = value.find("..");
    if (dots == std::string::npos) {
      const auto d = parse(value);
      if (!d) return refuse(error_, bad(value));
      const auto kind = d->size() == 4   ? schema::TermKind::kYear
                        : d->size() == 6 ? schema::TermKind::kMonth
                                         : schema::TermKind::kDay;
      return Xapian::Query(schema::term(kind, *d));
    }
    const std::string from = value.substr(0, dots), to = value.substr(dots + 2);
    if (from.empty() && to.empty()) return Xapian::Query::MatchAll;  // no bound at all
    const auto low = from.empty() ? std::optional<std::string>() : parse(from);
    const auto high = to.empty() ? std::optional<std::string>() : parse(to);
    if ((!from.empty() && !low) || (!to.empty() && !high)) return refuse(error_, bad(value));
    if (!high) {
      return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, date::first_day(*low));
    }
    if (!low) {
      return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, date::last_day(*high));
    }
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, date::first_day(*low),
                         date::last_day(*high));
  }

 private:
  // The digits of the date `text` names (date::query_date), a year's alone
  // with `years_only`.
  std::optional<std::string> parse(const std::string& text) const {
    auto digits = date::query_date(text);
    if (!digits || (years_only_ && digits->size() != 4)) return std::nullopt;
    return digits;
  }
  std::string bad(const std::string& text) const {
    return std::string(years_only_ ? "year:" : "date:") + text + " is not " +
           (years_only_ ? "YYYY or YYYY..YYYY" : "YYYY, YYYY-MM, YYYY-MM-DD or a range A..B of them");
  }
  const bool years_only_;
  const ParseError error_;
};

// Words that end in '*' ask for every word starting so: the words of the
// index (stems, normalized) with that beginning, at most kMaxExpansion.
// Expanded here over the databases as one, not by Xapian's wildcard, whose
// limit applies to each shard alone.
constexpr size_t kMaxExpansion = 500;
constexpr const char* kWildcardField = "fahrasprefixsearch";

class WildcardProcessor : public Xapian::FieldProcessor {
 public:
  WildcardProcessor(const Xapian::Database& db, ParseError error)
      : db_(db), error_(std::move(error)) {}

  Xapian::Query operator()(const std::string& value) override {
    const std::string prefix = schema::term(schema::TermKind::kStem, value);
    std::vector<std::string> terms;
    for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
      if (terms.size() == kMaxExpansion) {
        return refuse(error_, value + "* matches more than " + std::to_string(kMaxExpansion) +
                                  " words: give more letters");
      }
      terms.push_back(*it);
    }
    if (terms.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
  }

 private:
  const Xapian::Database db_;
  const ParseError error_;
};

// `word` with its capitals lowercased where they are initials joined by dots
// (U.S., U.N.): Xapian's parser would make one word of them ("us") where the
// index, made from lowercased text, holds the letters one by one ("u", "s").
std::string lowercase_initials(std::string word) {
  auto upper = [&word](size_t i) { return i < word.size() && word[i] >= 'A' && word[i] <= 'Z'; };
  for (size_t i = 0; i < word.size(); ++i) {
    if (!upper(i) || i + 2 >= word.size() || word[i + 1] != '.' || !upper(i + 2)) continue;
    for (; i < word.size() && (upper(i) || word[i] == '.'); ++i) {
      if (upper(i)) word[i] = static_cast<char>(word[i] - 'A' + 'a');
    }
  }
  return word;
}

// The fields a query may name; any other NAME: is searched as words.
constexpr const char* kFields[] = {"title", "source", "category", "id", "year", "date"};

// `text` with each word written WORD* (outside phrases) made a search of the
// wildcard field, and a warning in `warnings` for each NAME: that is not a field.
std::string rewrite_fields(const std::string& text, std::vector<std::string>& warnings) {
  std::string out;
  bool in_phrase = false;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') in_phrase = !in_phrase;
    if (c == ' ' || c == '"' || c == '(' || c == ')' || c == '+' || c == '-') {
      out += c;
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != '"' && text[end] != ')') ++end;
    std::string token = text.substr(i, end - i);
    const size_t colon = token.find(':');
    if (colon != std::string::npos && colon > 0) {
      const std::string name = token.substr(0, colon);
      const bool ascii_name = std::all_of(name.begin(), name.end(), [](char ch) {
        return std::isalpha(static_cast<unsigned char>(ch)) != 0 || ch == '_';
      });
      const bool known = std::any_of(std::begin(kFields), std::end(kFields),
                                     [&](const char* f) { return name == f; });
      if (ascii_name && !known) {
        warnings.push_back("unknown field '" + name +
                           ":' searched as words (fields: title, source, category, id, "
                           "year, date)");
        // Apart: Xapian's parser would join "name:value" into a phrase.
        token[colon] = ' ';
      }
    } else if (!in_phrase && token.size() > 1 && token.back() == '*' &&
               token.find('*') == token.size() - 1) {
      token = std::string(kWildcardField) + ":" + token.substr(0, token.size() - 1);
    } else {
      token = lowercase_initials(std::move(token));
    }
    out += token;
    i = end;
  }
  return out;
}

// The words of `text` separated by single spaces: in plain mode, punctuation
// such as ':' or '-' must not join words into a phrase.
std::string space_separated_words(const std::string& text) {
  TokenizeOptions options;
  options.normalized_input = true;
  std::string words;
  for (const Token& w : tokenize(text, options)) {
    if (!words.empty()) words += ' ';
    words += w.normalized;
  }
  return words;
}

// Whether `text` holds a word.
bool has_words(const std::string& text) {
  TokenizeOptions options;
  options.max_tokens = 1;
  return !tokenize(text, options).empty();
}

void configure(Xapian::QueryParser& qp, const AnalysisChain& chain, const Xapian::Database& db) {
  qp.set_database(db);
  qp.set_stemmer(chain.stemmer());
  qp.set_stemming_strategy(schema::kQueryStemming);
  qp.set_default_op(Xapian::Query::OP_OR);
  qp.set_stopper(make_arabic_stopper()->release());
}

}  // namespace

QueryBuilder::QueryBuilder(const AnalysisChain& chain, const Xapian::Database& db) : chain_(chain) {
  configure(full_, chain, db);
  configure(plain_, chain, db);
  full_.add_prefix("title", schema::word_prefix(schema::TermKind::kTitleStem));
  full_.add_boolean_prefix("source", (new FilterProcessor(schema::TermKind::kSource))->release());
  full_.add_boolean_prefix("category",
                           (new FilterProcessor(schema::TermKind::kCategory))->release());
  full_.add_boolean_prefix("id", (new IdProcessor)->release());
  full_.add_boolean_prefix("year", (new DateProcessor(true, error_))->release());
  full_.add_boolean_prefix("date", (new DateProcessor(false, error_))->release());
  full_.add_prefix(kWildcardField, (new WildcardProcessor(db, error_))->release());
}

Xapian::Query QueryBuilder::parse(const std::string& text, bool plain, bool synonyms,
                                  std::vector<std::string>* warnings) {
  // Punctuation alone is no query (Xapian would take ".." for a range).
  if (!has_words(text)) return Xapian::Query();
  // Single words are looked up as Z<stem>, groups of words as they are written
  // (normalized): the keys common/index/synonyms.cc writes.
  const unsigned synonym_flags = synonyms ? Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS : 0;
  if (plain)
    return plain_.parse_query(space_separated_words(chain_.normalize(text)), synonym_flags);
  constexpr unsigned kFlags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                              Xapian::QueryParser::FLAG_LOVEHATE |
                              Xapian::QueryParser::FLAG_PURE_NOT;
  std::vector<std::string> notes;
  const std::string rewritten = rewrite_fields(chain_.normalize(text, CaseMode::kKeep), notes);
  if (warnings) warnings->insert(warnings->end(), notes.begin(), notes.end());
  error_->clear();
  Xapian::Query query = full_.parse_query(rewritten, kFlags | synonym_flags);
  if (!error_->empty()) throw Xapian::QueryParserError(*error_);
  return query;
}

}  // namespace fahras
