// Deleting articles from a Fahras database, keeping its derived data right:
// the did-you-mean words of a deleted article leave the spelling tables, and
// a story whose collapse key named a deleted article takes another key.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "common/analysis/chain.h"

namespace fahras {

// The shards of one database, open for writing, in the order of its stub file
// (an article lives in shard shard_of(id, shards.size()), layout.h).
using WritableShards = std::vector<Xapian::WritableDatabase*>;

struct DeletionResult {
  size_t deleted = 0;
  std::vector<std::string> missing;  // ids no shard holds, in the order given
};

// Deletes the articles `ids` from `shards`, and takes the words their stored
// text yields (title and body normalized by `chain`, counted as the indexer
// counts them for did-you-mean) off the spelling table of `tables` (the
// database's tables database), or of the shards if null: a word only deleted
// articles held is no longer suggested. Leaves the changes uncommitted: the
// caller commits each shard once, so that a shard's deletions land whole or
// not at all. Then call repoint_orphan_clusters(). An id given twice is
// deleted once.
DeletionResult delete_articles(const WritableShards& shards, Xapian::WritableDatabase* tables,
                               const std::vector<std::string>& ids, const AnalysisChain& chain);

// Gives every story whose collapse key (value slot 6) names an article no
// shard holds (deleted, in this run or a killed one) the id of its member
// that sorts first as its key, so that a new article with the old id starts
// a story of its own. Leaves the changes uncommitted. Returns the number of
// stories given a new key.
size_t repoint_orphan_clusters(const WritableShards& shards);

}  // namespace fahras
