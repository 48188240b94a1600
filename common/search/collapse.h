// Counting the copies of a story among the matches of a query (see
// SearchOptions::collapse and docs/collapse.md).
#pragma once

#include <string>

#include <xapian.h>

namespace fahras {

// The number of documents of `db` that match `query` and have the collapse
// key `key` (value slot 6), counted exactly. Xapian's own count
// (MSetIterator::get_collapse_count) misses the copies that a remote shard
// folded before the merge; this one does not.
Xapian::doccount story_matches(const Xapian::Database& db, const Xapian::Query& query,
                               const std::string& key);

}  // namespace fahras
