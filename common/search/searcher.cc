#include "common/search/searcher.h"

#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "common/analysis/stopwords.h"
#include "common/schema.h"
#include "common/search/collapse.h"
#include "common/search/explain.h"
#include "common/search/like.h"
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
      suggester_(*chain_) {
  for (const std::string& word : arabic_stopwords()) {
    stopword_terms_.insert(schema::kStemPrefix + chain_->stem(word));
  }
}

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
  Xapian::Query parsed = query_builder_->parse(query, options.plain, options.synonyms);
  if (options.suggest) result.suggestion = suggester_.suggest(query, options.plain, db_.get());
  if (!options.like.empty()) {
    const Xapian::Query like = like_query(db_.get(), options.like, stopword_terms_);
    parsed = parsed.empty() ? like : Xapian::Query(Xapian::Query::OP_FILTER, like, parsed);
  }
  if (parsed.empty()) return result;

  Xapian::Enquire enquire(db_.get());
  enquire.set_weighting_scheme(kWeighting);
  const Xapian::Query weighed = with_field_weights(parsed);
  Xapian::Query ranked = weighed;
  std::string newest;  // the newest day, for --sort recency
  double boost = 0;    // the boost of the newest day, for --sort recency
  if (options.sort == SortOrder::kRecency) {
    enquire.set_query(weighed);
    const double top = enquire.get_mset(0, 1).get_max_attained();
    // A query of filters only has no score: the boost alone ranks.
    boost = kRecencyShare * (top > 0 ? top : 1);
    const Xapian::Query recency = recency_query(db_.get(), boost, newest);
    if (!recency.empty()) ranked = Xapian::Query(Xapian::Query::OP_AND_MAYBE, weighed, recency);
  }
  enquire.set_query(ranked);
  if (options.sort == SortOrder::kDate) {
    // Ties broken by id below: a KeyMaker adding the id as a last key would
    // be refused by remote shards.
    enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
  } else {
    // Equal scores rank by article id, not by docid: docids depend on how the
    // archive is split into shards (Xapian interleaves them).
    enquire.set_sort_by_relevance_then_value(schema::kIdSlot, false);
  }
  FacetCounter facets(options.facets);
  facets.attach(enquire);
  StoryCounter stories;
  if (options.collapse) {
    enquire.set_collapse_key(schema::kCollapseSlot);
    stories.attach(enquire);
  }
  // Facets and copy counts need every match looked at.
  const bool every_match = !options.facets.empty() || options.collapse;
  const Xapian::doccount check = every_match ? db_.get().get_doccount() : 0;
  Xapian::MSet mset = enquire.get_mset(options.offset, options.limit, check);
  // Asks remote shards for all the documents at once, not one by one. (Not
  // mset.fetch(): Xapian 1.4.22 crashes in it when the offset is not 0.)
  // Ids alone need no document: they are the matches' sort keys.
  if (options.fields) mset.fetch(mset.begin(), mset.end());
  // With collapsing, every match has been examined: the lower bound is the
  // exact number of stories (Xapian's estimate scales a guess at the matches
  // and can exceed it, e.g. 15,000 stories for 12,958 matches).
  result.estimate =
      options.collapse ? mset.get_matches_lower_bound() : mset.get_matches_estimated();
  if (!options.facets.empty()) result.facets = facets.counts();

  std::vector<Xapian::MSetIterator> page;
  Xapian::MSet window;
  if (options.sort == SortOrder::kDate) {
    enquire.clear_matchspies();
    page = date_page(enquire, options.offset, options.limit, window);
  } else {
    for (auto it = mset.begin(); it != mset.end(); ++it) page.push_back(it);
  }
  std::unordered_map<std::string, Xapian::doccount> story_size;
  if (options.collapse) {
    std::unordered_set<std::string> keys;
    for (const auto& it : page) keys.insert(it.get_collapse_key());
    story_size = stories.counts(keys);
  }
  const auto stems = query_stems(parsed);
  for (const auto& it : page) {
    result.hits.push_back(make_hit(it, stems, options));
    Hit& hit = result.hits.back();
    hit.rank = options.offset + static_cast<unsigned>(result.hits.size());
    if (options.collapse) {
      const std::string key = it.get_collapse_key();  // empty: never collapsed
      const Xapian::doccount size = key.empty() ? 1 : story_size.at(key);
      hit.copies = size > 0 ? size - 1 : 0;
    }
  }
  if (options.explain) explain(parsed, newest, boost, result);
  return result;
}

void Searcher::explain(const Xapian::Query& query, const std::string& newest, double boost,
                       SearchResult& result) {
  std::vector<std::string> ids;
  for (const Hit& hit : result.hits) ids.push_back(hit.id);
  auto explanations = explain_hits(db_.get(), query, kWeighting, ids, added_fields(query));
  for (size_t i = 0; i < result.hits.size(); ++i) {
    Hit& hit = result.hits[i];
    hit.explanation = std::move(explanations[i]);
    if (!newest.empty()) {
      const std::string day = db_.get().get_document(hit.docid).get_value(schema::kDateSlot);
      hit.recency = recency_boost(day, newest, boost);
    }
  }
  result.explained = true;
}

Hit Searcher::make_hit(const Xapian::MSetIterator& it,
                       const std::unordered_set<std::string>& stems, const SearchOptions& options) {
  Hit hit;
  hit.rank = it.get_rank() + 1;
  hit.score = it.get_weight();
  hit.docid = *it;
  // Ranked by relevance then id, a match carries its id as its sort key:
  // no document read when only ids are wanted.
  const bool id_is_sort_key = options.sort != SortOrder::kDate;
  if (!options.fields && id_is_sort_key) {
    hit.id = it.get_sort_key();
    return hit;
  }
  const Xapian::Document doc = it.get_document();
  hit.id = doc.get_value(schema::kIdSlot);
  if (!options.fields) return hit;
  const auto data = nlohmann::json::parse(db_.texts().decode(doc.get_data()), nullptr, false);
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
