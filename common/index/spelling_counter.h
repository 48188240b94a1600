// The words of many documents, counted in memory for Xapian's spelling table
// (did-you-mean): one add_spelling call per distinct word per flush instead of
// one per word read. Flushes are rare (every kFlushBytes of text): each one
// rewrites the table's long lists of word fragments, which cost more than all
// the counting. A word seen once only is left out: half the
// distinct words of news are such, many of them typing mistakes, and Xapian
// suggests nothing for a word its table holds.
//
// A database of several shards keeps each word in one shard's table only
// (take() splits the words by shard): Xapian sums the tables of a sharded
// database, so the suggestions are those of one table holding every word,
// and each shard's writer adds its share of the words instead of all of them.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "common/analysis/analyzer.h"

namespace fahras {

// Words and their counts, for one shard's spelling table.
using SpellingWords = std::vector<std::pair<std::string, Xapian::termcount>>;

// Adds `words` to the spelling table of `db`, to be written by its next commit.
void add_spellings(Xapian::WritableDatabase& db, const SpellingWords& words);

// The frequency of `word` in the spelling table of `db` (the tables of its
// shards summed), 0 if it is not there.
Xapian::termcount spelling_frequency(const Xapian::Database& db, const std::string& word);

class SpellingCounter {
 public:
  // Counts the words of `normalized` (text the analysis chain's normalizer
  // produced), as the analyzer splits them (analyzer.h). Words of fewer than three letters,
  // or holding a digit, are left out: they are no spelling correction target.
  void add_text(std::string_view normalized);
  // The same, given the analyzer's tokens of `normalized`.
  void add_tokens(std::string_view normalized, const TokenStream& tokens);

  // Whether enough text was counted since the last take() (kFlushBytes), or
  // enough distinct words wait (kMaxPending), for a flush to be worth it.
  bool due() const { return counted_bytes_ >= kFlushBytes || counts_.size() >= kMaxPending; }

  // Takes every word counted `min_count` times or more, with its count, into
  // list shard_of(word, shards) (layout.h) of the `shards` lists returned. Rarer
  // words wait for the next take (unless more than kMaxPending of them wait:
  // they are dropped), and are dropped with the counter. Take when due(), and
  // at the end.
  std::vector<SpellingWords> take(unsigned shards, Xapian::termcount min_count = kMinCount);

  // Distinct words counted and not yet added.
  size_t size() const { return counts_.size(); }

  static constexpr Xapian::termcount kMinCount = 2;
  static constexpr size_t kMaxPending = 2'000'000;
  static constexpr size_t kFlushBytes = 16 << 20;

 private:
  std::unordered_map<std::string, Xapian::termcount> counts_;
  size_t counted_bytes_ = 0;
  // Counts one word of the text.
  void add_word(std::string_view word);

  std::string key_;  // reused: a lookup allocates only for a new word
};

}  // namespace fahras
