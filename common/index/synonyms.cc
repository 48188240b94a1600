#include "common/index/synonyms.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/analysis/analyzer.h"
#include "common/analysis/variant_names.h"
#include "common/schema.h"

namespace fahras {
namespace {

constexpr std::string_view kArabicComma = "\xD8\x8C";  // U+060C

// `line` cut at ',' and '،', each piece trimmed of spaces and tabs.
std::vector<std::string> split_spellings(const std::string& line) {
  std::vector<std::string> pieces(1);
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == ',') {
      pieces.emplace_back();
    } else if (line.compare(i, kArabicComma.size(), kArabicComma) == 0) {
      pieces.emplace_back();
      i += kArabicComma.size() - 1;
    } else {
      pieces.back() += line[i];
    }
  }
  for (std::string& piece : pieces) {
    const size_t begin = piece.find_first_not_of(" \t");
    const size_t end = piece.find_last_not_of(" \t");
    piece = begin == std::string::npos ? "" : piece.substr(begin, end - begin + 1);
  }
  return pieces;
}

// The words of the normalized `spelling` joined by single spaces; empty if
// anything but words and spaces is in it.
std::string words_of(const std::string& spelling) {
  std::string words;
  size_t covered = 0;
  TokenizeOptions options;
  options.normalized_input = true;
  for (const Token& w : tokenize(spelling, options)) {
    if (spelling.find_first_not_of(' ', covered) != w.begin) return "";
    if (!words.empty()) words += ' ';
    words.append(spelling, w.begin, w.end - w.begin);
    covered = w.end;
  }
  if (spelling.find_first_not_of(' ', covered) != std::string::npos) return "";
  return words;
}

// The group of one line, or an empty group for a blank or comment line.
// Throws std::invalid_argument saying what is wrong.
SynonymGroup parse_line(const std::string& line, const AnalysisChain& chain) {
  const size_t first = line.find_first_not_of(" \t");
  if (first == std::string::npos || line[first] == '#') return {};
  SynonymGroup group;
  std::set<std::string> stems;
  bool several_words = false;
  for (const std::string& piece : split_spellings(line)) {
    if (piece.empty()) throw std::invalid_argument("empty spelling (two commas in a row?)");
    const std::string words = words_of(chain.normalize(piece));
    if (words.empty()) throw std::invalid_argument("'" + piece + "' is not a word or words");
    if (words.find(' ') == std::string::npos) {
      stems.insert(chain.stem(words));
    } else {
      several_words = true;
    }
    group.spellings.push_back(words);
  }
  if (group.spellings.size() < 2) {
    throw std::invalid_argument("a group needs two spellings or more, separated by commas");
  }
  if (stems.empty()) throw std::invalid_argument("a group needs a spelling of one word");
  if (stems.size() == 1 && !several_words) {
    throw std::invalid_argument("the spellings are one and the same once normalized and stemmed (" +
                                *stems.begin() + ")");
  }
  return group;
}

}  // namespace

std::vector<SynonymGroup> parse_synonyms(std::istream& in, const std::string& name,
                                         const AnalysisChain& chain) {
  std::vector<SynonymGroup> groups;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    try {
      SynonymGroup group = parse_line(line, chain);
      if (!group.spellings.empty()) groups.push_back(std::move(group));
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(name + ":" + std::to_string(number) + ": " + e.what());
    }
  }
  return groups;
}

std::vector<SynonymGroup> read_synonyms_file(const std::string& path, const AnalysisChain& chain) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read synonyms file " + path);
  std::vector<SynonymGroup> groups = parse_synonyms(file, path, chain);
  if (file.bad()) throw std::runtime_error("cannot read synonyms file " + path);
  return groups;
}

std::vector<SynonymGroup> shipped_synonyms(const AnalysisChain& chain) {
  std::istringstream in{std::string(variant_names())};
  return parse_synonyms(in, "common/analysis/variant_names.cc", chain);
}

std::map<std::string, std::set<std::string>> synonym_entries(
    const std::vector<SynonymGroup>& groups, const AnalysisChain& chain) {
  using schema::TermKind;
  std::map<std::string, std::set<std::string>> entries;
  for (const SynonymGroup& group : groups) {
    std::set<std::string> stems;
    for (const std::string& s : group.spellings) {
      if (s.find(' ') == std::string::npos) stems.insert(chain.stem(s));
    }
    for (const std::string& key : stems) {
      for (const std::string& other : stems) {
        if (other == key) continue;
        entries[schema::term(TermKind::kStem, key)].insert(schema::term(TermKind::kStem, other));
        entries[schema::term(TermKind::kTitleStem, key)].insert(
            schema::term(TermKind::kTitleStem, other));
      }
    }
    for (const std::string& s : group.spellings) {
      if (s.find(' ') == std::string::npos) continue;
      for (const std::string& stem : stems) entries[s].insert(schema::term(TermKind::kStem, stem));
    }
  }
  return entries;
}

void add_synonyms(Xapian::WritableDatabase& db,
                  const std::map<std::string, std::set<std::string>>& entries) {
  for (const auto& [key, synonyms] : entries) {
    for (const std::string& synonym : synonyms) {
      if (key.size() <= schema::kMaxTermBytes && synonym.size() <= schema::kMaxTermBytes) {
        db.add_synonym(key, synonym);
      }
    }
  }
}

}  // namespace fahras
