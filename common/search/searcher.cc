#include "common/search/searcher.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "common/schema.h"
#include "common/search/snippet.h"

namespace fahras {
namespace {

// BM25 parameters: k1, k2, k3, b, min_normlen.
const Xapian::BM25Weight kWeighting(1.2, 0, 1, 0.75, 0.5);

std::string field(const nlohmann::json& data, const char* name) {
  auto it = data.find(name);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Searcher::Searcher(const std::vector<std::string>& databases,
                   std::shared_ptr<const AnalysisChain> chain, const OpenOptions& open)
    : chain_(std::move(chain)),
      db_(databases, chain_, open),
      query_builder_(std::in_place, *chain_, db_.get()),
      query_builder_generation_(db_.generation()),
      stemmer_(chain_->stemmer()),
      suggester_(*chain_) {}

SearchResult Searcher::search(const std::string& query_id, const std::string& query,
                              const SearchOptions& options) {
  db_.refresh();  // the latest commit
  return db_.read([&] { return search_once(query_id, query, options); });
}

SearchResult Searcher::search_once(const std::string& query_id, const std::string& query,
                                   const SearchOptions& options) {
  SearchResult result;
  result.query_id = query_id;
  result.query = query;
  if (query_builder_generation_ != db_.generation()) {
    query_builder_.emplace(*chain_, db_.get());
    query_builder_generation_ = db_.generation();
  }
  const Xapian::Query parsed = query_builder_->parse(query, options.plain, options.synonyms);
  if (options.suggest) result.suggestion = suggester_.suggest(query, options.plain, db_.get());
  if (parsed.empty()) return result;

  Xapian::Enquire enquire(db_.get());
  enquire.set_query(parsed);
  // Equal scores rank by article id, not by docid: docids depend on how the
  // archive is split into shards (Xapian interleaves them).
  enquire.set_sort_by_relevance_then_value(schema::kIdSlot, false);
  enquire.set_weighting_scheme(kWeighting);
  Xapian::MSet mset = enquire.get_mset(options.offset, options.limit);
  // Asks remote shards for all the documents at once, not one by one. (Not
  // mset.fetch(): Xapian 1.4.22 crashes in it when the offset is not 0.)
  mset.fetch(mset.begin(), mset.end());
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
