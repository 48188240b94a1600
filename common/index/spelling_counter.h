// The words of a batch of documents, counted in memory for Xapian's spelling
// table (did-you-mean): one add_spelling call per distinct word per commit
// instead of one per word read. A word seen once only is left out: half the
// distinct words of news are such, many of them typing mistakes, and Xapian
// suggests nothing for a word its table holds.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include <xapian.h>

namespace fahras {

class SpellingCounter {
 public:
  // Counts the words of `normalized` (text the analysis chain's normalizer
  // produced), as the tokenizer sees them. Words of fewer than three letters,
  // or holding a digit, are left out: they are no spelling correction target.
  void add_text(std::string_view normalized);

  // Adds every word counted kMinCount times or more to the spelling table of
  // `db` with its count, and forgets it. Rarer words wait for the next batch
  // (unless more than kMaxPending of them wait: they are dropped), and are
  // dropped with the counter. Call before each commit.
  void flush(Xapian::WritableDatabase& db);

  // Distinct words counted and not yet added.
  size_t size() const { return counts_.size(); }

  static constexpr Xapian::termcount kMinCount = 2;
  static constexpr size_t kMaxPending = 2'000'000;

 private:
  std::unordered_map<std::string, Xapian::termcount> counts_;
};

}  // namespace fahras
