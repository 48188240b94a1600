#include "common/search/snippet.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "common/analysis/analyzer.h"
#include "common/analysis/arabic_stemmer.h"
#include "common/schema.h"

namespace fahras {
namespace {

// Words beyond this are not looked at (very long articles).
constexpr size_t kMaxScannedWords = 20000;
constexpr std::string_view kEllipsis = "…";

// What a number of a word's stem is when the stem is none of a query's.
constexpr size_t kNotQueried = SIZE_MAX;

// Per word of `words`, whether it is a match of `terms`. `stemmer` is the
// chain's: a word StemLetterFilter shows cannot stem to a query stem is not
// stemmed.
std::vector<bool> matches(const WordScan& words, const QueryTerms& terms, Xapian::Stem& stemmer) {
  std::vector<bool> match(words.size());
  if (terms.words.empty() && terms.phrases.empty()) return match;
  // Every query stem numbered, those of terms.words first (below their count).
  std::unordered_map<std::string_view, size_t> numbers;
  auto number = [&numbers](std::string_view stem) {
    return numbers.emplace(stem, numbers.size()).first->second;
  };
  for (const std::string& stem : terms.words) number(stem);
  std::vector<std::vector<size_t>> phrases;
  for (const auto& phrase : terms.phrases) {
    phrases.emplace_back();
    for (const std::string& stem : phrase) phrases.back().push_back(number(stem));
  }
  std::vector<std::string_view> query_stems;
  for (const auto& [stem, n] : numbers) query_stems.push_back(stem);
  const StemLetterFilter filter(query_stems);
  // Per word, the number of its stem.
  std::vector<size_t> stems(words.size(), kNotQueried);
  for (size_t i = 0; i < words.size(); ++i) {
    if (!filter.may_stem_to_one(words.normalized(i))) continue;
    const auto it = numbers.find(stemmer(std::string(words.normalized(i))));
    if (it != numbers.end()) stems[i] = it->second;
  }
  for (size_t i = 0; i < words.size(); ++i) match[i] = stems[i] < terms.words.size();
  for (const auto& phrase : phrases) {
    if (phrase.empty() || phrase.size() > stems.size()) continue;
    for (size_t i = 0; i + phrase.size() <= stems.size(); ++i) {
      if (!std::equal(phrase.begin(), phrase.end(), stems.begin() + i)) continue;
      std::fill(match.begin() + i, match.begin() + i + phrase.size(), true);
    }
  }
  return match;
}

// The stem of a text or title term ("Z..." or "ZS..."), nullopt for another.
std::optional<std::string> stem_of(const std::string& term) {
  const auto parsed = schema::parse_term(term);
  if (!parsed || !schema::is_stem(parsed->kind)) return std::nullopt;
  return std::string(parsed->value);
}

void collect(const Xapian::Query& query, QueryTerms& terms);

// collect() over every subquery of `query`.
void collect_each(const Xapian::Query& query, QueryTerms& terms) {
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) collect(query.get_subquery(i), terms);
}

void collect(const Xapian::Query& query, QueryTerms& terms) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM:
      if (auto stem = stem_of(*query.get_unique_terms_begin())) terms.words.insert(*stem);
      return;
    case Xapian::Query::OP_PHRASE: {
      std::vector<std::string> phrase;
      for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
        const Xapian::Query word = query.get_subquery(i);
        auto stem = word.get_type() == Xapian::Query::LEAF_TERM
                        ? stem_of(*word.get_unique_terms_begin())
                        : std::nullopt;
        if (!stem) return collect_each(query, terms);  // not a plain phrase: its words
        phrase.push_back(*stem);
      }
      terms.phrases.push_back(std::move(phrase));
      return;
    }
    case Xapian::Query::OP_AND_NOT:  // the words after NOT are no match
      if (query.get_num_subqueries() > 0) collect(query.get_subquery(0), terms);
      return;
    default:
      collect_each(query, terms);
  }
}

// The window of `window` words holding the most matches, moved so that its
// matches sit in the middle of it: its first word.
size_t window_start(const std::vector<bool>& match, size_t window) {
  size_t count = std::count(match.begin(), match.begin() + window, true);
  size_t best = count, first = 0;
  for (size_t start = 1; start + window <= match.size(); ++start) {
    count += match[start + window - 1];
    count -= match[start - 1];
    if (count > best) best = count, first = start;
  }
  if (best == 0) return first;
  size_t first_match = first, last_match = first + window - 1;
  while (!match[first_match]) ++first_match;
  while (!match[last_match]) --last_match;
  const size_t margin = (window - (last_match - first_match + 1)) / 2;
  return std::min(first_match - std::min(first_match, margin), match.size() - window);
}

// The parts of `text` from word `first` to the word before `end_word`
// (`spans` holding their original ranges, and that of `end_word` when the
// text goes on after them), matches marked, an ellipsis where text is left out.
std::vector<SnippetPart> window_parts(std::string_view text, const std::vector<WordSpan>& spans,
                                      const std::vector<bool>& match, size_t first,
                                      size_t end_word) {
  std::vector<SnippetPart> parts;
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
    pos = spans[0].begin;
  }
  for (size_t i = first; i < end_word; ++i) {
    const WordSpan& word = spans[i - first];
    add(text.substr(pos, word.begin - pos), false);
    add(text.substr(word.begin, word.end - word.begin), match[i]);
    pos = word.end;
  }
  const bool cut = end_word < match.size();
  std::string_view tail = text.substr(pos, (cut ? spans.back().begin : text.size()) - pos);
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

}  // namespace

QueryTerms query_terms(const Xapian::Query& query) {
  QueryTerms terms;
  collect(query, terms);
  return terms;
}

std::vector<SnippetPart> make_snippet(std::string_view text, const QueryTerms& terms,
                                      Xapian::Stem& stemmer, size_t max_words) {
  if (text.empty() || max_words == 0) return {};
  const WordScan words(text, kMaxScannedWords);
  if (words.empty()) return {{std::string(text.substr(0, 200)), false}};
  const std::vector<bool> match = matches(words, terms, stemmer);
  const size_t window = std::min(max_words, words.size());
  const size_t first = window_start(match, window);
  const size_t end_word = first + window;  // the word after the window, if any
  const std::vector<WordSpan> spans =
      words.original_spans(first, std::min(end_word, words.size() - 1));
  return window_parts(text, spans, match, first, end_word);
}

}  // namespace fahras
