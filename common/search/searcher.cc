#include "common/search/searcher.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "common/schema.h"
#include "common/search/snippet.h"

namespace fahras {
namespace {

// BM25 parameters: k1, k2, k3, b, min_normlen.
const Xapian::BM25Weight kWeighting(1.2, 0, 1, 0.75, 0.5);

Xapian::Database open_shard(const std::string& path, const AnalysisChain& chain) {
  Xapian::Database shard;
  try {
    shard = Xapian::Database(path);
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw std::runtime_error("cannot open database " + path + ": " + e.get_msg());
  }
  const std::string recorded = shard.get_metadata(schema::kChainKey);
  if (recorded.empty()) {
    throw std::runtime_error(path + " is not a Fahras database (no analysis chain recorded)");
  }
  if (recorded != chain.identity()) {
    throw std::runtime_error("database " + path + " was built with analysis chain '" + recorded +
                             "', this fahras-query uses '" + chain.identity() +
                             "': re-index it with this version of fahras-index");
  }
  return shard;
}

Xapian::Database open_all(const std::vector<std::string>& paths, const AnalysisChain& chain) {
  if (paths.empty()) throw std::runtime_error("no database given");
  Xapian::Database db;
  for (const std::string& path : paths) db.add_database(open_shard(path, chain));
  return db;
}

std::string field(const nlohmann::json& data, const char* name) {
  auto it = data.find(name);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Searcher::Searcher(const std::vector<std::string>& db_paths,
                   std::shared_ptr<const AnalysisChain> chain)
    : chain_(std::move(chain)),
      db_(open_all(db_paths, *chain_)),
      query_builder_(*chain_, db_),
      stemmer_(chain_->stemmer()) {}

SearchResult Searcher::search(const std::string& query_id, const std::string& query,
                              const SearchOptions& options) {
  SearchResult result;
  result.query_id = query_id;
  result.query = query;
  const Xapian::Query parsed = query_builder_.parse(query, options.plain);
  if (parsed.empty()) return result;

  Xapian::Enquire enquire(db_);
  enquire.set_query(parsed);
  enquire.set_weighting_scheme(kWeighting);
  Xapian::MSet mset = enquire.get_mset(options.offset, options.limit);
  result.estimate = mset.get_matches_estimated();

  const auto stems = query_stems(parsed);
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    result.hits.push_back(make_hit(it, stems, options.fields));
  }
  return result;
}

Hit Searcher::make_hit(const Xapian::MSetIterator& it,
                       const std::unordered_set<std::string>& stems, bool fields) {
  Hit hit;
  hit.rank = it.get_rank() + 1;
  hit.score = it.get_weight();
  hit.docid = *it;
  const Xapian::Document doc = it.get_document();
  hit.id = doc.get_value(schema::kIdSlot);
  if (!fields) return hit;
  const auto data = nlohmann::json::parse(doc.get_data(), nullptr, false);
  hit.title = field(data, "title");
  hit.body = field(data, "body");
  hit.date = field(data, "date");
  hit.source = field(data, "source");
  hit.url = field(data, "url");
  hit.category = field(data, "category");
  hit.snippet = make_snippet(hit.body.empty() ? hit.title : hit.body, stems, stemmer_);
  return hit;
}

}  // namespace fahras
