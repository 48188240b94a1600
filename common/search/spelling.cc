#include "common/search/spelling.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "common/analysis/analyzer.h"
#include "common/analysis/clitics.h"
#include "common/analysis/letters.h"
#include "common/analysis/stopwords.h"
#include "common/schema.h"

namespace fahras {
namespace {

constexpr size_t kMinLetters = 3;
// Longer words are not in the spelling table (see spelling_counter.cc).
constexpr size_t kMaxWordBytes = 64;
// Words corrected at most per query: each may cost a Xapian search.
constexpr size_t kMaxCorrectedWords = 8;

std::vector<unsigned> code_points(const std::string& s) {
  return std::vector<unsigned>(Xapian::Utf8Iterator(s), Xapian::Utf8Iterator());
}

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

// A word one edit away from another, and whether the edit is a slip of the
// pen: a swap, a letter for another of its shape (a dot missing or
// misplaced, a hamza seat), or a long vowel or hamza dropped or added.
struct Edit {
  std::string word;
  bool slip;
};

// Every word one edit away from `word` (a letter dropped, added, replaced, or
// two neighbours swapped), each once (a slip if any edit making it is one),
// sorted by word, `word` itself left out.
std::vector<Edit> one_edit_away(const std::string& word) {
  static const CodePoints arabic = code_points_of(kArabicLetters);
  static const CodePoints latin = code_points_of(kLatinLetters);
  static const std::vector<std::string> arabic_utf8 = [] {
    std::vector<std::string> v;
    for (unsigned c : arabic) v.push_back(utf8({c}));
    return v;
  }();
  static const std::vector<std::string> latin_utf8 = [] {
    std::vector<std::string> v;
    for (unsigned c : latin) v.push_back(utf8({c}));
    return v;
  }();
  // The word's letters and where each starts, in bytes (offsets.back() is
  // the word's length).
  CodePoints cps;
  std::vector<size_t> offsets;
  for (Xapian::Utf8Iterator it(word); it != Xapian::Utf8Iterator(); ++it) {
    offsets.push_back(static_cast<size_t>(it.raw() - word.data()));
    cps.push_back(*it);
  }
  offsets.push_back(word.size());
  const bool is_arabic =
      std::any_of(cps.begin(), cps.end(), [](unsigned c) { return c >= 0x600 && c <= 0x6FF; });
  const CodePoints& alphabet = is_arabic ? arabic : latin;
  const std::vector<std::string>& alphabet_utf8 = is_arabic ? arabic_utf8 : latin_utf8;
  std::vector<Edit> edits;
  edits.reserve((2 * cps.size() + 1) * alphabet.size() + 2 * cps.size());
  // `word` with its bytes [from, to) replaced by `middle`.
  auto spliced = [&](size_t from, size_t to, std::string_view middle) {
    std::string out;
    out.reserve(word.size() + middle.size());
    out.append(word, 0, from).append(middle).append(word, to, std::string::npos);
    return out;
  };
  for (size_t i = 0; i <= cps.size(); ++i) {
    for (size_t l = 0; l < alphabet.size(); ++l) {  // added
      edits.push_back(
          {spliced(offsets[i], offsets[i], alphabet_utf8[l]), is_long_vowel(alphabet[l])});
    }
    if (i == cps.size()) break;
    edits.push_back({spliced(offsets[i], offsets[i + 1], ""), is_long_vowel(cps[i])});  // dropped
    for (size_t l = 0; l < alphabet.size(); ++l) {                                      // replaced
      if (alphabet[l] == cps[i]) continue;
      edits.push_back(
          {spliced(offsets[i], offsets[i + 1], alphabet_utf8[l]), same_shape(alphabet[l], cps[i])});
    }
    if (i + 1 < cps.size() && cps[i] != cps[i + 1]) {  // swapped
      const std::string second = word.substr(offsets[i + 1], offsets[i + 2] - offsets[i + 1]);
      const std::string first = word.substr(offsets[i], offsets[i + 1] - offsets[i]);
      edits.push_back({spliced(offsets[i], offsets[i + 2], second + first), true});
    }
  }
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) {
    return a.word != b.word ? a.word < b.word : a.slip > b.slip;
  });
  // Each word once, a slip first among its copies (kept by unique).
  edits.erase(std::unique(edits.begin(), edits.end(),
                          [](const Edit& a, const Edit& b) { return a.word == b.word; }),
              edits.end());
  edits.erase(
      std::remove_if(edits.begin(), edits.end(), [&](const Edit& e) { return e.word == word; }),
      edits.end());
  return edits;
}

// The frequency in the spelling table of `db` of each of `words` (sorted),
// 0 for those not in it: one ordered pass over the table, skipping to a
// word only when the table's next word does not already pass it.
std::vector<Xapian::doccount> spelling_frequencies(const std::vector<Edit>& words,
                                                   const Xapian::Database& db) {
  std::vector<Xapian::doccount> frequencies(words.size(), 0);
  Xapian::TermIterator it = db.spellings_begin();
  const Xapian::TermIterator end = db.spellings_end();
  std::string next;  // the table's word at `it`
  bool positioned = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& candidate = words[i].word;
    if (positioned && next > candidate) continue;  // not in the table
    it.skip_to(candidate);
    if (it == end) break;
    next = *it;
    positioned = true;
    if (next == candidate) frequencies[i] = it.get_termfreq();
  }
  return frequencies;
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
  return stem.empty() ? 0 : db.get_termfreq(schema::term(schema::TermKind::kStem, stem));
}

std::string SpellingSuggester::correct(const std::string& word, Xapian::doccount documents,
                                       bool known, const Xapian::Database& db) {
  // Past kRareDocuments, only names of the gazetteer are suggested.
  const bool popular = documents > kRareDocuments;
  // The word without its longest clitic, if it has one.
  std::string clitic, rest;
  for (const Proclitic& p : kProclitics) {  // longest first
    const std::string c(p.text);
    if (p.spelling && word.size() > c.size() && word.compare(0, c.size(), c) == 0 &&
        letter_count(word.substr(c.size())) >= kMinLetters) {
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
    const double weight =
        static_cast<double>(frequency) * (slip ? kSlipWeight : 1) * (name ? kNameWeight : 1);
    const std::pair<unsigned, double> rank{distance, -weight};
    if (rank < best_rank) {
      best = candidate;
      best_rank = rank;
    }
  };

  // One edit away: every such word looked up in the spelling table, in one
  // ordered pass (a few milliseconds; Xapian's own search takes 50 to 150 ms
  // on 70,000 articles).
  const std::vector<Edit> edits = one_edit_away(word);
  const std::vector<Xapian::doccount> frequencies = spelling_frequencies(edits, db);
  for (size_t i = 0; i < edits.size(); ++i) {
    if (frequencies[i] > 0) consider(edits[i].word, 1, edits[i].slip, frequencies[i]);
  }
  // Without the clitic only when the word as written has no neighbour: the
  // frequencies of bare words would outweigh (لبتان is لبنان, not ل + بيان).
  if (best.empty() && !rest.empty()) {
    const std::vector<Edit> rest_edits = one_edit_away(rest);
    const std::vector<Xapian::doccount> rest_frequencies = spelling_frequencies(rest_edits, db);
    for (size_t i = 0; i < rest_edits.size(); ++i) {
      if (rest_frequencies[i] > 0) {
        consider(clitic + rest_edits[i].word, 1, rest_edits[i].slip, rest_frequencies[i]);
      }
    }
  }

  // Two edits away: Xapian's search by shared trigrams, for a word that
  // matches no more than a few articles. A more popular word may only become
  // a name, which the pass above has looked for; Xapian's search costs tens
  // of milliseconds on 70,000 articles (docs/performance.md).
  if (best.empty() && !popular) {
    const std::string suggestion = db.get_spelling_suggestion(word);
    if (!suggestion.empty()) consider(suggestion, edit_distance(word, suggestion), false, 0);
  }
  if (best.empty() && !popular && !rest.empty()) {
    const std::string suggestion = db.get_spelling_suggestion(rest);
    if (!suggestion.empty()) {
      consider(clitic + suggestion, edit_distance(rest, suggestion), false, 0);
    }
  }
  if (best.empty() || best == word) return "";
  const Xapian::doccount best_documents = documents_of(best, db);
  const bool unknown = documents == 0 && best_documents > 0;
  const bool rare =
      documents > 0 && documents <= kRareDocuments && best_documents >= kFarMore * documents;
  const bool outnumbered =
      popular && best_documents > documents && far_more_written(word, best, db, known);
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
    if (letter_count(word) < kMinLetters || word.size() > kMaxWordBytes || has_digit(word) ||
        (*stopper_)(word)) {
      continue;
    }
    const Verdict* verdict = nullptr;
    if (auto found = verdicts_.find(word); found != verdicts_.end()) {
      verdict = &found->second;
      if (verdict->looked && ++tried > kMaxCorrectedWords) break;
    } else {
      const Xapian::doccount documents = documents_of(word, db);
      const std::string stem = stemmer_(word);
      // A name is never corrected once it matches articles; a known word
      // only toward a far more frequent name.
      const bool known = chain_.knows(word, stem);
      const bool looked = documents <= kRareDocuments ||
                          (!chain_.is_name_stem(stem) && could_be_far_more(documents, known, db));
      if (looked && ++tried > kMaxCorrectedWords) break;
      if (verdicts_.size() >= kMaxVerdicts) verdicts_.clear();
      Verdict made{looked, looked ? correct(word, documents, known, db) : std::string()};
      verdict = &verdicts_.emplace(word, std::move(made)).first->second;
    }
    if (verdict->correction.empty()) continue;
    suggestion.append(query, copied, span.begin - copied);
    suggestion += verdict->correction;
    copied = span.end;
    changed = true;
  }
  if (!changed) return "";
  suggestion.append(query, copied, std::string::npos);
  return suggestion;
}

}  // namespace fahras
