// A Fahras database on disk, as the indexer sees it.
//
// A database made by fahras-index is a directory of shards listed by a Xapian
// stub file, DIR/XAPIANDB ("auto shard-0.1" lines): Xapian::Database(DIR),
// xapian-delve and Xapian's bindings open it as one database. Each article
// lives in the shard its id hashes to, so N writers can index in parallel and
// an id indexed again always meets its old copy. A plain Xapian database
// directory (one shard) is accepted too.
#pragma once

#include <string>
#include <vector>

namespace fahras {

struct Layout {
  std::string root;                 // the directory the user named
  std::vector<std::string> shards;  // stub entries (relative to root), or {root}
  bool stub = false;                // shards listed by root/XAPIANDB
};

// Opens the layout at `path`, creating a directory of `shard_count` shard
// names (the shards themselves are created by their writers) when `path`
// does not exist or is an empty directory. Throws std::runtime_error naming
// the path when it is a file, or a non-empty directory that is not a Xapian
// database (nothing in it is touched).
Layout open_layout(const std::string& path, unsigned shard_count);

// Where shard `i` of `layout` is on disk.
std::string shard_path(const Layout& layout, size_t i);

// The shard, among `shard_count`, that the article `id` belongs to.
unsigned shard_of(const std::string& id, unsigned shard_count);

// Compacts every shard of a stub layout into a new generation, switches the
// stub file to it in one atomic rename, then removes the old shards. No
// writer may hold the shards open. Readers that opened the old generation
// must reopen the database.
void compact_layout(Layout& layout);

}  // namespace fahras
