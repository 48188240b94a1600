#include "common/search/snippet.h"

#include <algorithm>

#include "common/analysis/tokenizer.h"
#include "common/schema.h"

namespace fahras {
namespace {

// Words beyond this are not looked at (very long articles).
constexpr size_t kMaxScannedWords = 20000;
constexpr std::string_view kEllipsis = "…";

bool is_prefix_char(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

std::unordered_set<std::string> query_stems(const Xapian::Query& query) {
  std::unordered_set<std::string> stems;
  const std::string stem_prefix = schema::kStemPrefix;
  const std::string title_prefix = stem_prefix + schema::kTitlePrefix;
  for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
    const std::string& term = *t;
    if (term.compare(0, title_prefix.size(), title_prefix) == 0) {
      stems.insert(term.substr(title_prefix.size()));
    } else if (term.compare(0, stem_prefix.size(), stem_prefix) == 0 &&
               (term.size() == 1 || !is_prefix_char(term[1]))) {
      stems.insert(term.substr(stem_prefix.size()));
    }
  }
  return stems;
}

std::vector<SnippetPart> make_snippet(std::string_view text,
                                      const std::unordered_set<std::string>& stems,
                                      Xapian::Stem& stemmer, size_t max_words) {
  std::vector<SnippetPart> parts;
  if (text.empty() || max_words == 0) return parts;
  const std::vector<WordSpan> words = word_spans(text, kMaxScannedWords);
  if (words.empty()) return {{std::string(text.substr(0, 200)), false}};

  std::vector<bool> match(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    const auto& w = words[i];
    match[i] = !stems.empty() &&
               stems.count(stemmer(std::string(text.substr(w.begin, w.end - w.begin)))) > 0;
  }

  // The window [first, first + max_words) with the most matches...
  const size_t window = std::min(max_words, words.size());
  size_t count = std::count(match.begin(), match.begin() + window, true);
  size_t best = count, first = 0;
  for (size_t start = 1; start + window <= words.size(); ++start) {
    count += match[start + window - 1];
    count -= match[start - 1];
    if (count > best) best = count, first = start;
  }
  // ...moved so that its matches sit in the middle of it.
  if (best > 0) {
    size_t first_match = first, last_match = first + window - 1;
    while (!match[first_match]) ++first_match;
    while (!match[last_match]) --last_match;
    const size_t margin = (window - (last_match - first_match + 1)) / 2;
    first = std::min(first_match - std::min(first_match, margin), words.size() - window);
  }
  const size_t last = first + window - 1;

  auto add = [&parts](std::string_view piece, bool is_match) {
    if (piece.empty()) return;
    if (!parts.empty() && parts.back().match == is_match) {
      parts.back().text += piece;
    } else {
      parts.push_back({std::string(piece), is_match});
    }
  };
  // Text before the first word (an opening quote or bracket) belongs to it.
  size_t pos = 0;
  if (first > 0) {
    add(std::string(kEllipsis) + " ", false);
    pos = words[first].begin;
  }
  for (size_t i = first; i <= last; ++i) {
    add(text.substr(pos, words[i].begin - pos), false);
    add(text.substr(words[i].begin, words[i].end - words[i].begin), match[i]);
    pos = words[i].end;
  }
  const bool cut = last + 1 < words.size();
  std::string_view tail = text.substr(pos, (cut ? words[last + 1].begin : text.size()) - pos);
  if (cut) {
    // Keep punctuation that closes the last word, not the space after it.
    while (!tail.empty() && (tail.back() == ' ' || tail.back() == '\n' || tail.back() == '\t')) {
      tail.remove_suffix(1);
    }
  }
  add(tail, false);
  if (cut) add(" " + std::string(kEllipsis), false);
  return parts;
}

}  // namespace fahras
