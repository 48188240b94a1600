// Counting the copies of each story among the matches of a query (see
// SearchOptions::collapse and docs/collapse.md).
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>

#include <xapian.h>

#include "common/schema.h"

namespace fahras {

// Counts, per collapse key (value slot 6), the matches a search examines,
// before collapsing. Added to an Enquire that examines every match
// (check_at_least >= the number of matches), the counts are exact, over local
// and remote shards alike (Xapian's MSetIterator::get_collapse_count is a
// lower bound, and misses the copies a remote shard folded before the merge).
class StoryCounter {
 public:
  // Must outlive the search of `enquire`.
  void attach(Xapian::Enquire& enquire) { enquire.add_matchspy(&spy_); }

  // The number of matches with each of `keys` (0 for a key not seen).
  std::unordered_map<std::string, Xapian::doccount> counts(
      const std::unordered_set<std::string>& keys) const;

 private:
  Xapian::ValueCountMatchSpy spy_{schema::kCollapseSlot};
};

}  // namespace fahras
