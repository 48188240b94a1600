#include "common/search/spelling.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "common/analysis/analyzer.h"
#include "common/analysis/stopwords.h"
#include "common/schema.h"

namespace fahras {
namespace {

// Clitics that may come before a word, normalized, longest first.
constexpr const char* kClitics[] = {"وبال", "وال", "فال", "بال", "كال", "ولل", "لل",
                                    "ال",   "و",   "ف",   "ب",   "ل",   "ك"};
constexpr size_t kMinLetters = 3;
// Longer words are not in the spelling table (see spelling_counter.cc).
constexpr size_t kMaxWordBytes = 64;
// Words corrected at most per query: each may cost a Xapian search.
constexpr size_t kMaxCorrectedWords = 8;

std::vector<unsigned> code_points(const std::string& s) {
  return std::vector<unsigned>(Xapian::Utf8Iterator(s), Xapian::Utf8Iterator());
}

size_t letters(const std::string& s) { return code_points(s).size(); }

bool has_digit(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Letters written alike but for their dots (or hamza), normalized.
constexpr const char* kSameShape[] = {"بتثني", "جحخ", "دذ", "رز", "سش", "صض",
                                      "طظ",    "عغ",  "فق", "وؤ", "يئ", "اءؤئ"};
// Letters a hurried writer drops or adds: the long vowels and the hamza.
constexpr const char* kLongVowels = "اويء";
// The letters of normalized Arabic words, and of Latin ones.
constexpr const char* kArabicLetters = "ءؤئابتثجحخدذرزسشصضطظعغفقكلمنهوي";
constexpr const char* kLatinLetters = "abcdefghijklmnopqrstuvwxyz";

using CodePoints = std::vector<unsigned>;

CodePoints code_points_of(const char* s) {
  return CodePoints(Xapian::Utf8Iterator(s), Xapian::Utf8Iterator());
}

std::string utf8(const CodePoints& cps) {
  std::string s;
  for (unsigned cp : cps) Xapian::Unicode::append_utf8(s, cp);
  return s;
}

bool same_shape(unsigned a, unsigned b) {
  static const std::vector<CodePoints> shapes = [] {
    std::vector<CodePoints> v;
    for (const char* letters : kSameShape) v.push_back(code_points_of(letters));
    return v;
  }();
  for (const CodePoints& shape : shapes) {
    if (std::count(shape.begin(), shape.end(), a) && std::count(shape.begin(), shape.end(), b)) {
      return true;
    }
  }
  return false;
}

bool is_long_vowel(unsigned letter) {
  static const CodePoints vowels = code_points_of(kLongVowels);
  return std::count(vowels.begin(), vowels.end(), letter) != 0;
}

// Every word one edit away from `word` (a letter dropped, added, replaced, or
// two neighbours swapped), mapped to whether the edit is a slip of the pen: a
// swap, a letter for another of its shape (a dot missing or misplaced, a
// hamza seat), or a long vowel or hamza dropped or added.
std::map<std::string, bool> one_edit_away(const std::string& word) {
  static const CodePoints arabic = code_points_of(kArabicLetters);
  static const CodePoints latin = code_points_of(kLatinLetters);
  const CodePoints cps = code_points(word);
  const bool is_arabic =
      std::any_of(cps.begin(), cps.end(), [](unsigned c) { return c >= 0x600 && c <= 0x6FF; });
  const CodePoints& alphabet = is_arabic ? arabic : latin;
  std::map<std::string, bool> edits;
  auto add = [&](const CodePoints& edited, bool slip) {
    bool& known = edits[utf8(edited)];
    known = known || slip;
  };
  for (size_t i = 0; i <= cps.size(); ++i) {
    for (unsigned letter : alphabet) {  // added
      CodePoints edited = cps;
      edited.insert(edited.begin() + static_cast<std::ptrdiff_t>(i), letter);
      add(edited, is_long_vowel(letter));
    }
    if (i == cps.size()) break;
    CodePoints edited = cps;  // dropped
    edited.erase(edited.begin() + static_cast<std::ptrdiff_t>(i));
    add(edited, is_long_vowel(cps[i]));
    for (unsigned letter : alphabet) {  // replaced
      if (letter == cps[i]) continue;
      edited = cps;
      edited[i] = letter;
      add(edited, same_shape(letter, cps[i]));
    }
    if (i + 1 < cps.size() && cps[i] != cps[i + 1]) {  // swapped
      edited = cps;
      std::swap(edited[i], edited[i + 1]);
      add(edited, true);
    }
  }
  edits.erase(word);
  return edits;
}

// Whether the word at [begin, end) of `query` is syntax rather than a search
// word: an operator, a field name (followed by ':'), a prefix (followed by
// '*'), or the value of a filter
// field (source:, category:, year:, date:).
bool is_syntax(const std::string& query, size_t begin, size_t end) {
  const std::string word = query.substr(begin, end - begin);
  if (word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" ||
      word == "ADJ") {
    return true;
  }
  if (end < query.size() && (query[end] == ':' || query[end] == '*')) return true;
  // The value of a field: the word before ':' (the field name) is not "title".
  size_t i = begin;
  while (i > 0 && query[i - 1] != ' ' && query[i - 1] != ':') --i;
  if (i == 0 || query[i - 1] != ':') return false;
  size_t name_end = i - 1, name_begin = name_end;
  while (name_begin > 0 && query[name_begin - 1] != ' ' && query[name_begin - 1] != '(' &&
         query[name_begin - 1] != '"' && query[name_begin - 1] != '+' &&
         query[name_begin - 1] != '-') {
    --name_begin;
  }
  return query.compare(name_begin, name_end - name_begin, "title") != 0;
}

// The frequency of `word` in the spelling table of `db` (0 if it is not there).
Xapian::doccount spelling_frequency(const std::string& word, const Xapian::Database& db) {
  Xapian::TermIterator it = db.spellings_begin();
  it.skip_to(word);
  return it != db.spellings_end() && *it == word ? it.get_termfreq() : 0;
}

// The times a word matching many articles must be outnumbered by its
// correction: `known` by the lexicon or not.
Xapian::doccount popular_ratio(bool known) {
  return known ? SpellingSuggester::kPopularToName : SpellingSuggester::kPopular;
}

// Whether a word matching `documents` articles is rare enough to be weighed
// against a more popular neighbour: at most a popular_ratio-th of the
// articles of `db`. Common words are left alone, which bounds the cost (each
// candidate costs a look-up of every word one edit away).
bool could_be_far_more(Xapian::doccount documents, bool known, const Xapian::Database& db) {
  return static_cast<double>(documents) * popular_ratio(known) <= db.get_doccount();
}

// Whether `correction` is written popular_ratio times as often as `word` in
// the articles of `db` (its spelling table), and matches more articles. The
// words as written, not their stems, are compared: باكسان is written in 2
// articles though its stem (اكس) matches 280.
bool far_more_written(const std::string& word, const std::string& correction,
                      const Xapian::Database& db, bool known) {
  const double written = std::max<Xapian::doccount>(spelling_frequency(word, db), 1);
  return spelling_frequency(correction, db) >= popular_ratio(known) * written;
}

}  // namespace

unsigned edit_distance(const std::string& a, const std::string& b) {
  const std::vector<unsigned> x = code_points(a), y = code_points(b);
  // Optimal string alignment distance, three rows.
  std::vector<unsigned> before(y.size() + 1), previous(y.size() + 1), current(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) previous[j] = static_cast<unsigned>(j);
  for (size_t i = 1; i <= x.size(); ++i) {
    current[0] = static_cast<unsigned>(i);
    for (size_t j = 1; j <= y.size(); ++j) {
      const unsigned cost = x[i - 1] == y[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[y.size()];
}

SpellingSuggester::SpellingSuggester(const AnalysisChain& chain)
    : chain_(chain), stemmer_(chain.stemmer()), stopper_(make_arabic_stopper()) {}

Xapian::doccount SpellingSuggester::documents_of(const std::string& word,
                                                 const Xapian::Database& db) {
  const std::string stem = stemmer_(word);
  return stem.empty() ? 0 : db.get_termfreq(schema::kStemPrefix + stem);
}

std::string SpellingSuggester::correct(const std::string& word, Xapian::doccount documents,
                                       bool known, const Xapian::Database& db) {
  // Past kRareDocuments, only names of the gazetteer are suggested.
  const bool popular = documents > kRareDocuments;
  // The word without its longest clitic, if it has one.
  std::string clitic, rest;
  for (const std::string c : kClitics) {
    if (word.size() > c.size() && word.compare(0, c.size(), c) == 0 &&
        letters(word.substr(c.size())) >= kMinLetters) {
      clitic = c;
      rest = word.substr(c.size());
      break;
    }
  }
  // Candidates rank by edit distance, then by their frequency weighed up
  // for a slip of the pen (a dot, a swap, a long vowel) and for a name of
  // the gazetteer.
  std::string best;
  std::pair<unsigned, double> best_rank{~0u, 0};
  auto consider = [&](const std::string& candidate, unsigned distance, bool slip,
                      Xapian::doccount frequency) {
    const bool name = chain_.is_name_stem(stemmer_(candidate));
    if (popular && !name) return;
    const double weight = static_cast<double>(frequency) * (slip ? kSlipWeight : 1) *
                          (name ? kNameWeight : 1);
    const std::pair<unsigned, double> rank{distance, -weight};
    if (rank < best_rank) {
      best = candidate;
      best_rank = rank;
    }
  };

  // One edit away: every such word looked up in the spelling table, in one
  // ordered pass (a few milliseconds; Xapian's own search takes 50 to 150 ms
  // on 70,000 articles).
  const std::map<std::string, bool> edits = one_edit_away(word);
  std::map<std::string, bool> rest_edits;
  if (!rest.empty()) rest_edits = one_edit_away(rest);
  std::map<std::string, Xapian::doccount> frequencies;
  for (const auto& e : edits) frequencies[e.first] = 0;
  for (const auto& e : rest_edits) frequencies[e.first] = 0;
  Xapian::TermIterator it = db.spellings_begin();
  const Xapian::TermIterator end = db.spellings_end();
  for (auto& [candidate, frequency] : frequencies) {
    if (it == end) break;
    it.skip_to(candidate);
    if (it != end && *it == candidate) frequency = it.get_termfreq();
  }
  for (const auto& [candidate, slip] : edits) {
    if (frequencies[candidate] > 0) consider(candidate, 1, slip, frequencies[candidate]);
  }
  // Without the clitic only when the word as written has no neighbour: the
  // frequencies of bare words would outweigh (لبتان is لبنان, not ل + بيان).
  if (best.empty()) {
    for (const auto& [candidate, slip] : rest_edits) {
      if (frequencies[candidate] > 0) consider(clitic + candidate, 1, slip, frequencies[candidate]);
    }
  }

  // Two edits away: Xapian's search by shared trigrams.
  if (best.empty()) {
    const std::string suggestion = db.get_spelling_suggestion(word);
    if (!suggestion.empty()) consider(suggestion, edit_distance(word, suggestion), false, 0);
  }
  if (best.empty() && !rest.empty()) {
    const std::string suggestion = db.get_spelling_suggestion(rest);
    if (!suggestion.empty()) {
      consider(clitic + suggestion, edit_distance(rest, suggestion), false, 0);
    }
  }
  if (best.empty() || best == word) return "";
  const Xapian::doccount best_documents = documents_of(best, db);
  const bool unknown = documents == 0 && best_documents > 0;
  const bool rare = documents > 0 && documents <= kRareDocuments &&
                    best_documents >= kFarMore * documents;
  const bool outnumbered = popular && best_documents > documents &&
                           far_more_written(word, best, db, known);
  return unknown || rare || outnumbered ? best : "";
}

std::string SpellingSuggester::suggest(const std::string& query, bool plain,
                                       const Xapian::Database& db) {
  std::string suggestion;
  size_t copied = 0, tried = 0;
  bool changed = false;
  TokenizeOptions options;
  for (const Token& span : tokenize(query, options)) {
    if (!plain && is_syntax(query, span.begin, span.end)) continue;
    const std::string word(span.normalized);
    if (letters(word) < kMinLetters || word.size() > kMaxWordBytes || has_digit(word) ||
        (*stopper_)(word)) {
      continue;
    }
    const Xapian::doccount documents = documents_of(word, db);
    const std::string stem = stemmer_(word);
    // A name is never corrected once it matches articles; a known word only
    // toward a far more frequent name.
    const bool known = chain_.knows(word, stem);
    if (documents > kRareDocuments &&
        (chain_.is_name_stem(stem) || !could_be_far_more(documents, known, db))) {
      continue;
    }
    if (++tried > kMaxCorrectedWords) break;
    const std::string correction = correct(word, documents, known, db);
    if (correction.empty()) continue;
    suggestion.append(query, copied, span.begin - copied);
    suggestion += correction;
    copied = span.end;
    changed = true;
  }
  if (!changed) return "";
  suggestion.append(query, copied, std::string::npos);
  return suggestion;
}

}  // namespace fahras
