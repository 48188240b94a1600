#include "common/search/stats.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "common/date.h"
#include "common/schema.h"
#include "common/search/facets.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;

// `time` as "YYYY-MM-DDTHH:MM:SSZ".
std::string iso_utc(fs::file_time_type time) {
  const auto system = std::chrono::time_point_cast<std::chrono::seconds>(
      time - fs::file_time_type::clock::now() + std::chrono::system_clock::now());
  const std::time_t t = std::chrono::system_clock::to_time_t(system);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// The tables and size of the local shard at `shard.path`; its newest file's
// time raises `newest`.
ShardStats local_shard(const ShardPlace& shard, fs::file_time_type& newest) {
  ShardStats s;
  s.name = shard.name;
  s.path = shard.path;
  s.articles = Xapian::Database(shard.path).get_doccount();
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(shard.path, error)) {
    if (!entry.is_regular_file(error)) continue;
    const std::uintmax_t bytes = entry.file_size(error);
    if (error) continue;
    s.bytes += bytes;
    newest = std::max(newest, entry.last_write_time(error));
    const fs::path file = entry.path().filename();
    if (file.extension() == ".glass") s.tables.push_back({file.stem().string(), bytes});
  }
  std::sort(s.tables.begin(), s.tables.end(),
            [](const TableSize& a, const TableSize& b) { return a.name < b.name; });
  return s;
}

}  // namespace

DatabaseStats database_stats(const Xapian::Database& db, const std::vector<ShardPlace>& shards) {
  DatabaseStats stats;
  stats.articles = db.get_doccount();
  stats.chain = db.get_metadata(schema::kChainKey);
  stats.schema = db.get_metadata(schema::kSchemaKey);
  if (stats.articles > 0) {
    stats.first_date = date::dashed(db.get_value_lower_bound(schema::kDateSlot));
    stats.last_date = date::dashed(db.get_value_upper_bound(schema::kDateSlot));
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query::MatchAll);
  FacetCounter counter({Facet::kSource, Facet::kYear});
  counter.attach(enquire);
  enquire.get_mset(0, 0, stats.articles);
  const std::vector<FacetCounts> counts = counter.counts();
  stats.sources = counts[0].values;
  stats.years = counts[1].values;

  fs::file_time_type newest = fs::file_time_type::min();
  for (const ShardPlace& shard : shards) {
    if (shard.path.empty()) {
      stats.shards.push_back({shard.name, "", std::nullopt, {}, 0});
    } else {
      stats.shards.push_back(local_shard(shard, newest));
    }
  }
  if (newest != fs::file_time_type::min()) stats.last_update = iso_utc(newest);
  return stats;
}

}  // namespace fahras
