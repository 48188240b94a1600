#include "common/search/searcher.h"

#include <algorithm>
#include <iterator>
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
  // Broad stems re-rank the first kBroadWindow hits of the query ranked
  // without them (see ranking.h); the hits after those keep that order, and
  // the date order has none.
  const std::vector<AddedField> fields = added_fields(parsed);
  std::vector<AddedField> titles;
  for (const AddedField& field : fields) {
    if (field.name != "broad") titles.push_back(field);
  }
  const bool rescore = options.sort != SortOrder::kDate && titles.size() < fields.size();
  Xapian::Query first = with_field_weights(parsed, titles);
  Xapian::Query second = with_field_weights(parsed, fields);
  if (options.sort == SortOrder::kDate) {
    // Ties broken by id below: a KeyMaker adding the id as a last key would
    // be refused by remote shards.
    enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
  } else {
    // Equal scores rank by article id, not by docid: docids depend on how the
    // archive is split into shards (Xapian interleaves them).
    enquire.set_sort_by_relevance_then_value(schema::kIdSlot, false);
  }
  std::string newest;  // the newest day, for --sort recency
  double boost = 0;    // the boost of the newest day, for --sort recency
  if (options.sort == SortOrder::kRecency) {
    // The best score of the query ranked by relevance.
    enquire.set_query(first);
    Xapian::MSet best = enquire.get_mset(0, rescore ? kBroadWindow : 1);
    if (rescore) best = rescored(best, second, options);
    const double top = best.empty() ? 0 : best.begin().get_weight();
    // A query of filters only has no score: the boost alone ranks.
    boost = kRecencyShare * (top > 0 ? top : 1);
    const Xapian::Query recency = recency_query(db_.get(), boost, newest);
    if (!recency.empty()) {
      first = Xapian::Query(Xapian::Query::OP_AND_MAYBE, first, recency);
      second = Xapian::Query(Xapian::Query::OP_AND_MAYBE, second, recency);
    }
  }
  enquire.set_query(first);
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
  const Xapian::doccount end = options.offset + options.limit;
  const Xapian::MSet mset = rescore ? enquire.get_mset(0, std::max(end, kBroadWindow), check)
                                    : enquire.get_mset(options.offset, options.limit, check);
  // With collapsing, every match has been examined: the lower bound is the
  // exact number of stories (Xapian's estimate scales a guess at the matches
  // and can exceed it, e.g. 15,000 stories for 12,958 matches).
  result.estimate =
      options.collapse ? mset.get_matches_lower_bound() : mset.get_matches_estimated();
  if (!options.facets.empty()) result.facets = facets.counts();

  // The page: of mset, of date_page's window, or of the rescored window then mset.
  std::vector<Xapian::MSetIterator> page;
  Xapian::MSet window;
  Xapian::doccount rescored_hits = 0;  // the page's first hits, from the rescored window
  // Asks remote shards for the page's documents at once, not one by one.
  // (Not mset.fetch(): Xapian 1.4.22 crashes in it when the offset is not 0.)
  // Ids alone need no document: they are the matches' sort keys.
  auto fetch = [&](const Xapian::MSet& m, Xapian::doccount from, Xapian::doccount to) {
    if (options.fields && from < to) m.fetch(m[from], to < m.size() ? m[to] : m.end());
  };
  if (options.sort == SortOrder::kDate) {
    enquire.clear_matchspies();
    page = date_page(enquire, options.offset, options.limit, window);
    if (options.fields && !page.empty()) window.fetch(page.front(), page.back() + 1);
  } else if (rescore) {
    window = rescored(mset, second, options);
    const Xapian::doccount split = std::min(end, window.size());
    const Xapian::doccount last = std::min(end, mset.size());
    fetch(window, options.offset, split);
    fetch(mset, std::max(options.offset, split), last);
    for (Xapian::doccount i = options.offset; i < last; ++i) {
      page.push_back(i < split ? window[i] : mset[i]);
    }
    rescored_hits = split > options.offset ? split - options.offset : 0;
  } else {
    fetch(mset, 0, mset.size());
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
  if (options.explain) {
    explain(parsed, fields, titles, rescore ? rescored_hits : 0, newest, boost, result);
  }
  return result;
}

Xapian::MSet Searcher::rescored(const Xapian::MSet& ranked, const Xapian::Query& query,
                                const SearchOptions& options) {
  std::vector<Xapian::Query> ids;
  for (auto it = ranked.begin(); it != ranked.end() && ids.size() < kBroadWindow; ++it) {
    ids.emplace_back(schema::id_term(it.get_sort_key()));  // ranked by relevance: ids are keys
  }
  Xapian::Enquire enquire(db_.get());
  enquire.set_weighting_scheme(kWeighting);
  enquire.set_sort_by_relevance_then_value(schema::kIdSlot, false);
  // The window holds one hit per story already; the hits keep their keys.
  if (options.collapse) enquire.set_collapse_key(schema::kCollapseSlot);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                  Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end())));
  return enquire.get_mset(0, static_cast<Xapian::doccount>(ids.size()));
}

void Searcher::explain(const Xapian::Query& query, const std::vector<AddedField>& fields,
                       const std::vector<AddedField>& titles, size_t rescored_hits,
                       const std::string& newest, double boost, SearchResult& result) {
  std::vector<std::string> rescored_ids, other_ids;
  for (size_t i = 0; i < result.hits.size(); ++i) {
    (i < rescored_hits ? rescored_ids : other_ids).push_back(result.hits[i].id);
  }
  auto explanations = explain_hits(db_.get(), query, kWeighting, rescored_ids, fields);
  auto others = explain_hits(db_.get(), query, kWeighting, other_ids, titles);
  std::move(others.begin(), others.end(), std::back_inserter(explanations));
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
