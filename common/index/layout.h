// A Fahras database on disk, as the indexer sees it.
//
// A database made by fahras-index is a directory of shards listed by a Xapian
// stub file, DIR/XAPIANDB ("auto shard-0.1" lines), and a database without
// documents holding their synonym and spelling tables, DIR/tables, listed
// last ("auto tables"): Xapian::Database(DIR), xapian-delve and Xapian's
// bindings open it as one database. Each article
// lives in the shard its id hashes to, so N writers can index in parallel and
// an id indexed again always meets its old copy. A plain Xapian database
// directory (one shard) is accepted too.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace fahras {

// An exclusive lock on a stub layout's directory (flock on DIR/fahras.lock),
// released when the last copy goes.
class DirectoryLock;

struct Layout {
  std::string root;                 // the directory the user named
  std::vector<std::string> shards;  // stub entries (relative to root), or {root}
  // The stub entry of the tables database ("tables"); empty for a plain
  // Xapian directory, whose one shard holds its own tables.
  std::string tables;
  bool stub = false;                // shards listed by root/XAPIANDB
  bool pending = false;             // new: the stub is written by publish_layout()
  // Held while the layout is in use (stub layouts only): no other indexer
  // creates, compacts or cleans the directory meanwhile.
  std::shared_ptr<DirectoryLock> lock;
};

// Opens the layout at `path`, or names `shard_count` new shards when `path`
// does not exist, is empty, or holds only the shards of a creation killed
// before publish_layout(). The shards themselves are created by their
// writers. A stub layout (new or existing) is locked for as long as it is
// kept. Throws std::runtime_error naming the path when it is a file, or a
// directory that is not a Fahras database (nothing in it is touched), and
// Xapian::DatabaseLockError when another indexer holds the directory.
Layout open_layout(const std::string& path, unsigned shard_count);

// Writes the stub of a new layout, once its shards exist: until then the
// database does not exist for readers, and a killed creation starts afresh.
void publish_layout(Layout& layout);

// Removes shard directories the stub does not list, and a new stub not yet
// renamed (left by an interrupted compaction). Call only while holding the write locks of the listed shards,
// so no other indexer's compaction is in progress.
void remove_unlisted_shards(const Layout& layout);

// Where shard `i` of `layout` is on disk.
std::string shard_path(const Layout& layout, size_t i);

// Where the tables database of `layout` is on disk; empty if it has none.
std::string tables_path(const Layout& layout);

// The shard, among `shard_count`, that the article `id` belongs to.
unsigned shard_of(const std::string& id, unsigned shard_count);

// Compacts every shard of a stub layout into a new generation and switches
// the stub file to it in one atomic rename; returns the old shards, to give
// to remove_shards() once their writers are closed. Call while holding the
// shards' write locks (reading them is allowed), so that no other indexer
// starts meanwhile. Readers that opened the old generation must reopen. The
// tables database is left as it is: its path stays the one the shards name.
std::vector<std::string> compact_layout(Layout& layout);

// Removes the shard directories `names` of `layout`.
void remove_shards(const Layout& layout, const std::vector<std::string>& names);

}  // namespace fahras
