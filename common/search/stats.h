// What a set of databases holds, for `fahras-query --stats`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/search/database.h"
#include "common/search/result.h"

namespace fahras {

// A table of a shard (postlist, termlist, position, docdata, spelling,
// synonym, ...) and its size on disk.
struct TableSize {
  std::string name;
  std::uintmax_t bytes = 0;
};

struct ShardStats {
  std::string name;                          // as the --db or stub line gave it
  std::string path;                          // empty for a remote shard
  std::optional<Xapian::doccount> articles;  // unset for a remote shard
  std::vector<TableSize> tables;             // by name; empty for a remote shard
  std::uintmax_t bytes = 0;                  // every file of the shard
};

struct DatabaseStats {
  Xapian::doccount articles = 0;
  std::string first_date, last_date;  // YYYY-MM-DD, empty if no article has a date
  std::vector<FacetValue> sources;    // articles per source, most first
  std::vector<FacetValue> years;      // articles per year, newest first
  std::string chain;                  // the analysis chain's identity
  std::string schema;                 // the index schema's version
  std::string last_update;            // newest commit of a local shard, UTC ISO 8601
  std::vector<ShardStats> shards;
};

// Describes `db`, whose shards are `shards` (see LiveDatabase::shards). Reads
// every article's source and month (value slots), so it costs about as much
// as a query matching everything.
DatabaseStats database_stats(const Xapian::Database& db, const std::vector<ShardPlace>& shards);

}  // namespace fahras
