#include "query/output/stats.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace fahras {
namespace {

using Json = nlohmann::ordered_json;

Json values_json(const std::vector<FacetValue>& values) {
  Json object = Json::object();
  for (const FacetValue& v : values) object[v.value] = v.count;
  return object;
}

Json shard_json(const ShardStats& shard) {
  Json object;
  object["name"] = shard.name;
  object["remote"] = shard.path.empty();
  if (!shard.path.empty()) object["path"] = shard.path;
  if (shard.articles) object["articles"] = *shard.articles;
  if (!shard.path.empty()) {
    object["bytes"] = shard.bytes;
    Json tables = Json::object();
    for (const TableSize& t : shard.tables) tables[t.name] = t.bytes;
    object["tables"] = std::move(tables);
  }
  return object;
}

}  // namespace

Json stats_json(const DatabaseStats& s) {
  Json object;
  object["articles"] = s.articles;
  object["first_date"] = s.first_date;
  object["last_date"] = s.last_date;
  object["sources"] = values_json(s.sources);
  object["years"] = values_json(s.years);
  object["analysis_chain"] = s.chain;
  object["schema_version"] = s.schema;
  object["last_update"] = s.last_update;
  object["shards"] = Json::array();
  for (const ShardStats& shard : s.shards) object["shards"].push_back(shard_json(shard));
  return object;
}

namespace {

// "COUNT  VALUE" lines under a heading, counts right-aligned.
void write_counts(std::ostream& out, const char* heading, const std::vector<FacetValue>& values) {
  out << heading << " (" << values.size() << ")\n";
  size_t width = 1;
  for (const FacetValue& v : values) width = std::max(width, std::to_string(v.count).size());
  for (const FacetValue& v : values) {
    const std::string count = std::to_string(v.count);
    out << "   " << std::string(width - count.size(), ' ') << count << "  " << v.value << '\n';
  }
}

void write_text(std::ostream& out, const DatabaseStats& s) {
  out << "articles        " << s.articles << '\n';
  if (!s.first_date.empty())
    out << "dates           " << s.first_date << " .. " << s.last_date << '\n';
  out << "analysis chain  " << s.chain << '\n';
  out << "schema version  " << s.schema << '\n';
  if (!s.last_update.empty()) out << "last update     " << s.last_update << '\n';
  out << '\n';
  write_counts(out, "sources", s.sources);
  out << '\n';
  write_counts(out, "years", s.years);
  out << "\nshards (" << s.shards.size() << ")\n";
  for (const ShardStats& shard : s.shards) {
    out << "   " << shard.name;
    if (shard.path.empty()) {
      out << "  remote\n";
      continue;
    }
    out << "  " << *shard.articles << " articles, " << shard.bytes << " bytes:";
    for (const TableSize& t : shard.tables) out << ' ' << t.name << ' ' << t.bytes;
    out << '\n';
  }
}

}  // namespace

void write_stats(std::ostream& out, const DatabaseStats& stats, Format format) {
  if (format == Format::kJson) {
    out << stats_json(stats).dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
  } else if (format == Format::kText) {
    write_text(out, stats);
  } else {
    throw std::invalid_argument("--stats writes text or json");
  }
}

}  // namespace fahras
