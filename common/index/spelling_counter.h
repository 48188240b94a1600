// The words of a batch of documents, counted in memory for Xapian's spelling
// table (did-you-mean): one add_spelling call per distinct word per commit
// instead of one per word read.
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

  // Adds every counted word to the spelling table of `db` with its count, and
  // starts counting afresh. Call before each commit.
  void flush(Xapian::WritableDatabase& db);

  // Distinct words counted since the last flush.
  size_t size() const { return counts_.size(); }

 private:
  std::unordered_map<std::string, Xapian::termcount> counts_;
};

}  // namespace fahras
