#include "common/analysis/gazetteer.h"

#include <stdexcept>

#include "common/analysis/analyzer.h"
#include "common/analysis/gazetteer_data.h"
#include "common/analysis/normalizer.h"

namespace fahras {
namespace {

constexpr std::string_view kSectionMark = "@";
constexpr std::string_view kSourceMark = "| source:";
// The article as written before a name that takes it (ألمانيا, with a hamza, has none).
constexpr std::string_view kArticle = "ال";
// A name that takes the article has at least this many letters after it.
constexpr size_t kMinNameLetters = 2;

std::string_view trim(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  const size_t end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

std::vector<std::string> split_spellings(std::string_view line) {
  std::vector<std::string> spellings;
  size_t begin = 0;
  while (begin <= line.size()) {
    size_t comma = line.find(',', begin);
    if (comma == std::string_view::npos) comma = line.size();
    spellings.emplace_back(trim(line.substr(begin, comma - begin)));
    begin = comma + 1;
  }
  return spellings;
}

// The normalized words of `spelling`.
std::vector<std::string> words_of(const std::string& spelling) {
  const std::string normal = normalize(spelling);
  TokenizeOptions options;
  options.normalized_input = true;
  std::vector<std::string> words;
  for (const Token& w : tokenize(normal, options)) words.emplace_back(w.normalized);
  return words;
}

}  // namespace

std::string_view gazetteer_text() { return kGazetteerText; }

std::vector<GazetteerEntry> parse_gazetteer(std::string_view text) {
  std::vector<GazetteerEntry> entries;
  std::string section;
  size_t number = 0;
  for (size_t begin = 0; begin < text.size();) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = trim(text.substr(begin, end - begin));
    begin = end + 1;
    ++number;
    auto fail = [&](const std::string& what) {
      throw std::runtime_error("gazetteer:" + std::to_string(number) + ": " + what);
    };
    if (line.empty() || line[0] == '#') continue;
    if (line.substr(0, kSectionMark.size()) == kSectionMark) {
      const size_t source = line.find(kSourceMark);
      if (source == std::string_view::npos || trim(line.substr(source + kSourceMark.size())).empty()) {
        fail("a section names its source: '@ KIND | source: ...'");
      }
      section = std::string(trim(line.substr(kSectionMark.size(), source - kSectionMark.size())));
      continue;
    }
    if (section.empty()) fail("a name before any section");
    GazetteerEntry entry{section, split_spellings(line)};
    for (const std::string& s : entry.spellings) {
      if (words_of(s).empty()) fail("an empty spelling (two commas in a row?)");
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

void add_gazetteer_names(const std::vector<GazetteerEntry>& entries, Lexicon& lexicon) {
  for (const GazetteerEntry& entry : entries) {
    for (const std::string& spelling : entry.spellings) {
      const std::vector<std::string> words = words_of(spelling);
      if (words.size() > 1) {
        lexicon.add_name_head(words.front());
        continue;
      }
      const std::string& word = words.front();
      const bool article = spelling.compare(0, kArticle.size(), kArticle) == 0 &&
                           word.size() >= kArticle.size() + 2 * kMinNameLetters;
      lexicon.add_name(article ? word.substr(kArticle.size()) : word,
                       article ? Lexicon::NameForm::kWithArticle : Lexicon::NameForm::kBare);
    }
  }
}

}  // namespace fahras
