// Did you mean: a corrected query built from the corpus's own words (Xapian's
// spelling table, filled by the indexer with normalized words).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include <xapian.h>

#include "common/analysis/chain.h"

namespace fahras {

// Edit distance between UTF-8 `a` and `b` in characters: insertions,
// deletions, substitutions and swaps of two neighbours count 1 each.
unsigned edit_distance(const std::string& a, const std::string& b);

class SpellingSuggester {
 public:
  // `chain` must outlive the suggester. One suggester per thread.
  explicit SpellingSuggester(const AnalysisChain& chain);

  // `query` with its misspelled words replaced by words of `db`'s spelling
  // table, or "" when there is nothing to suggest. A word is corrected when
  // its stem matches no document; or at most kRareDocuments while the
  // correction's stem matches kFarMore times as many; or, when the lexicon
  // does not know the word (a typing mistake, not a word: طرهان, تركاي; see
  // knows_arabic), more documents while a name of the gazetteer one edit
  // away is written kPopular times as often in the articles (Elasticsearch's
  // "popular" mode), so a common mistake of a name that itself matches a few
  // articles still gets the name meant; a known word that is no name (فرسا,
  // read ف + رسا) too, toward a name written kPopularToName times as often; a
  // name, never. A suggestion never matches fewer articles than the word. Every word one edit away is looked up in the
  // table; they rank by frequency, weighed kSlipWeight times for a slip of the
  // pen (a letter for another of the same shape: ب ت ث ن ي, ج ح خ, د ذ, ر ز,
  // س ش, ص ض, ط ظ, ع غ, ف ق; a hamza seat; two letters swapped; a long vowel
  // or hamza dropped or added) and kNameWeight times for a name of the
  // gazetteer. When the word as written has no such neighbour, its longest
  // clitic comes off and goes back on (لطاجيكسان → لطاجيكستان); when neither
  // has one and the word matches at most kRareDocuments articles, Xapian's own
  // search looks two edits away (see edit_distance).
  // Corrected words are written normalized (ة as ه, hamza on alef left out);
  // the other words stay as written. Unless `plain`, operators, field names
  // and the values of source:, category:, year: and date: are left alone, and
  // so are the words after the eighth word to correct. Databases without a
  // spelling table (built before it) give "".
  // What it found for each word is kept for the next queries: call forget()
  // whenever `db` moves to another revision.
  std::string suggest(const std::string& query, bool plain, const Xapian::Database& db);

  // Forgets the words looked at (their frequencies may have changed).
  void forget() { verdicts_.clear(); }

  static constexpr Xapian::doccount kRareDocuments = 5;
  static constexpr Xapian::doccount kFarMore = 20;
  static constexpr Xapian::doccount kPopular = 20;
  static constexpr Xapian::doccount kPopularToName = 50;
  static constexpr double kSlipWeight = 8;
  static constexpr double kNameWeight = 4;

 private:
  // The correction of the normalized `word`, whose stem matches
  // `documents` documents; "" if none.
  std::string correct(const std::string& word, Xapian::doccount documents, bool known,
                      const Xapian::Database& db);
  Xapian::doccount documents_of(const std::string& word, const Xapian::Database& db);

  // What suggest() found for a word: whether it looked for a correction
  // (counted against kMaxCorrectedWords), and the correction ("" if none).
  struct Verdict {
    bool looked;
    std::string correction;
  };

  const AnalysisChain& chain_;
  Xapian::Stem stemmer_;
  std::unique_ptr<Xapian::Stopper> stopper_;
  // The verdicts of the words met since forget(), at most kMaxVerdicts.
  std::unordered_map<std::string, Verdict> verdicts_;
  static constexpr size_t kMaxVerdicts = 1 << 14;  // about 2 MB
};

}  // namespace fahras
