#include "common/search/spelling.h"

#include <algorithm>
#include <tuple>
#include <vector>

#include "common/analysis/stopwords.h"
#include "common/analysis/tokenizer.h"
#include "common/schema.h"

namespace fahras {
namespace {

// Clitics that may come before a word, normalized, longest first.
constexpr const char* kClitics[] = {"وبال", "وال", "فال", "بال", "كال", "ولل", "لل",
                                    "ال",   "و",   "ف",   "ب",   "ل",   "ك"};
constexpr size_t kMinLetters = 3;

// Letters written alike but for their dots (or hamza), normalized.
constexpr const char* kSameShape[] = {"بتثني", "جحخ", "دذ", "رز", "سش", "صض",
                                      "طظ",    "عغ",  "فق", "وؤ", "يئ"};

// The words `word` becomes when one of its letters is written with the dots of
// another letter of its shape, or when two neighbouring letters are swapped.
std::vector<std::string> near_variants(const std::string& word) {
  std::vector<std::vector<unsigned>> classes;
  for (const char* letters : kSameShape) {
    classes.emplace_back(Xapian::Utf8Iterator(letters), Xapian::Utf8Iterator());
  }
  std::vector<unsigned> cps(Xapian::Utf8Iterator(word), Xapian::Utf8Iterator{});
  std::vector<std::string> variants;
  for (size_t i = 0; i < cps.size(); ++i) {
    const unsigned original = cps[i];
    for (const auto& shape : classes) {
      if (std::find(shape.begin(), shape.end(), original) == shape.end()) continue;
      for (unsigned other : shape) {
        if (other == original) continue;
        cps[i] = other;
        std::string variant;
        for (unsigned cp : cps) Xapian::Unicode::append_utf8(variant, cp);
        variants.push_back(std::move(variant));
      }
    }
    cps[i] = original;
  }
  for (size_t i = 0; i + 1 < cps.size(); ++i) {
    if (cps[i] == cps[i + 1]) continue;
    std::swap(cps[i], cps[i + 1]);
    std::string variant;
    for (unsigned cp : cps) Xapian::Unicode::append_utf8(variant, cp);
    variants.push_back(std::move(variant));
    std::swap(cps[i], cps[i + 1]);
  }
  return variants;
}

std::vector<unsigned> code_points(const std::string& s) {
  return std::vector<unsigned>(Xapian::Utf8Iterator(s), Xapian::Utf8Iterator());
}

size_t letters(const std::string& s) { return code_points(s).size(); }

bool has_digit(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Whether the word at [begin, end) of `query` is syntax rather than a search
// word: an operator, a field name (followed by ':'), or the value of a filter
// field (source:, category:, year:, date:).
bool is_syntax(const std::string& query, size_t begin, size_t end) {
  const std::string word = query.substr(begin, end - begin);
  if (word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" ||
      word == "ADJ") {
    return true;
  }
  if (end < query.size() && query[end] == ':') return true;
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

Xapian::doccount SpellingSuggester::spelling_frequency(const std::string& word,
                                                       const Xapian::Database& db) {
  Xapian::TermIterator it = db.spellings_begin();
  if (it == db.spellings_end()) return 0;
  it.skip_to(word);
  return it != db.spellings_end() && *it == word ? it.get_termfreq() : 0;
}

std::string SpellingSuggester::correct(const std::string& word, Xapian::doccount documents,
                                       const Xapian::Database& db) {
  // Candidates rank by edit distance, then a slip of the pen (a dot, a swap)
  // before any other edit, then frequency.
  std::string best;
  std::tuple<unsigned, bool, Xapian::doccount> best_rank{~0u, true, 0};
  // `clitic` + `suggestion` for `rest`, `suggestion` counted `frequency` times.
  auto consider = [&](const std::string& clitic, const std::string& rest,
                      const std::string& suggestion, Xapian::doccount frequency, bool slip) {
    const std::tuple<unsigned, bool, Xapian::doccount> rank{edit_distance(rest, suggestion),
                                                            !slip, ~frequency};
    if (rank < best_rank) {
      best = clitic + suggestion;
      best_rank = rank;
    }
  };
  auto ask_xapian = [&](const std::string& clitic, const std::string& rest) {
    const std::string suggestion = db.get_spelling_suggestion(rest);
    if (!suggestion.empty()) {
      consider(clitic, rest, suggestion, spelling_frequency(suggestion, db), false);
    }
  };
  ask_xapian("", word);
  for (const std::string clitic : kClitics) {
    if (word.size() > clitic.size() && word.compare(0, clitic.size(), clitic) == 0 &&
        letters(word.substr(clitic.size())) >= kMinLetters) {
      ask_xapian(clitic, word.substr(clitic.size()));
    }
  }
  for (const std::string& variant : near_variants(word)) {
    const Xapian::doccount frequency = spelling_frequency(variant, db);
    if (frequency > 0) consider("", word, variant, frequency, true);
  }
  if (best.empty() || best == word) return "";
  const Xapian::doccount best_documents = documents_of(best, db);
  const bool unknown = documents == 0 && best_documents > 0;
  const bool rare = documents > 0 && best_documents >= kFarMore * documents;
  return unknown || rare ? best : "";
}

std::string SpellingSuggester::suggest(const std::string& query, bool plain,
                                       const Xapian::Database& db) {
  std::string suggestion;
  size_t copied = 0;
  bool changed = false;
  for (const WordSpan& span : word_spans(query)) {
    if (!plain && is_syntax(query, span.begin, span.end)) continue;
    const std::string word = chain_.normalize(query.substr(span.begin, span.end - span.begin));
    if (letters(word) < kMinLetters || has_digit(word) || (*stopper_)(word)) continue;
    const Xapian::doccount documents = documents_of(word, db);
    if (documents > kRareDocuments) continue;
    const std::string correction = correct(word, documents, db);
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
