#include "common/search/searcher.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "common/analysis/stopwords.h"
#include "common/schema.h"
#include "common/search/collapse.h"
#include "common/search/explain.h"
#include "common/search/like.h"
#include "common/search/snippet.h"
#include "common/search/stored_fields.h"

namespace fahras {
namespace {

// A query with at most this many matches has an exact total (Xapian's
// check_at_least): a cost of well under a millisecond, measured in
// docs/performance.md.
constexpr Xapian::doccount kExactUpTo = 100;

// BM25 parameters: k1, k2, k3, b, min_normlen.
const Xapian::BM25Weight kWeighting(1.2, 0, 1, 0.75, 0.5);

// Whether a search with `options` looks at every match: exact totals, facets
// and copy counts need them all.
bool examines_every_match(const SearchOptions& options) {
  return options.exact || !options.facets.empty() || options.collapse;
}

// The stored fields of `doc` (see common/schema.h: Document data).
Article stored_article(const Xapian::Document& doc, const TextDecoder& texts) {
  Article a = stored_fields(texts.decode(doc.get_data()));
  a.id = doc.get_value(schema::kIdSlot);
  return a;
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
    stopword_terms_.insert(schema::term(schema::TermKind::kStem, stemmer_(word)));
  }
}

SearchResult Searcher::search(const std::string& query_id, const std::string& query,
                              const SearchOptions& options) {
  db_.refresh();  // the latest commit
  return db_.read([&] { return search_once(query_id, query, options); });
}

std::optional<Article> Searcher::article(const std::string& id) {
  db_.refresh();
  return db_.read([&]() -> std::optional<Article> {
    const Xapian::Database& db = db_.get();
    const std::string term = schema::id_term(id);
    Xapian::PostingIterator it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) return std::nullopt;
    return stored_article(db.get_document(*it), db_.texts());
  });
}

QueryTerms Searcher::match_terms(const std::string& query, bool plain, bool synonyms) {
  db_.refresh();
  return db_.read([&] { return query_terms(query_builder().parse(query, plain, synonyms)); });
}

QueryBuilder& Searcher::query_builder() {
  if (query_builder_generation_ != db_.generation()) {
    query_builder_.emplace(*chain_, db_.get());
    query_builder_generation_ = db_.generation();
  }
  return *query_builder_;
}

SpellingSuggester& Searcher::suggester() {
  if (suggester_changes_ != db_.changes()) {
    suggester_.forget();
    suggester_changes_ = db_.changes();
  }
  return suggester_;
}

DatabaseStats Searcher::stats() {
  db_.refresh();
  return db_.read([&] { return database_stats(db_.get(), db_.shards()); });
}

SearchResult Searcher::search_once(const std::string& query_id, const std::string& query,
                                   const SearchOptions& options) {
  SearchResult result;
  result.query_id = query_id;
  result.query = query;
  const Xapian::Query parsed = read_query(query, options, result);
  if (parsed.empty()) {
    result.total = 0;
    return result;
  }
  const Ranking ranking = plan_ranking(parsed, options.sort, db_.get());
  Xapian::Enquire enquire = ordered_enquire(options.sort);
  const Recency recency =
      options.sort == SortOrder::kRecency ? recency_of(enquire, ranking) : Recency{};
  FacetCounter facets(options.facets);
  StoryCounter stories;
  const Xapian::MSet mset = match(enquire, ranking, recency, options, facets, stories);
  count_matches(mset, options, result);
  if (!options.facets.empty()) result.facets = facets.counts();
  Xapian::MSet window;  // date_page's window, which the page points into
  const Page page = select_page(enquire, mset, ranking, options, window);
  add_hits(page, query_terms(parsed), options, stories, result);
  if (options.explain) {
    explain(parsed, ranking, page.rescored_scores.size(), recency, result);
  }
  return result;
}

Xapian::Query Searcher::read_query(const std::string& query, const SearchOptions& options,
                                   SearchResult& result) {
  Xapian::Query parsed =
      query_builder().parse(query, options.plain, options.synonyms, &result.warnings);
  if (options.suggest) result.suggestion = suggester().suggest(query, options.plain, db_.get());
  if (!options.like.empty()) {
    const Xapian::Query like = like_query(db_.get(), options.like, stopword_terms_);
    parsed = parsed.empty() ? like : Xapian::Query(Xapian::Query::OP_FILTER, like, parsed);
  }
  return parsed;
}

Xapian::Enquire Searcher::ordered_enquire(SortOrder sort) {
  Xapian::Enquire enquire(db_.get());
  enquire.set_weighting_scheme(kWeighting);
  if (sort == SortOrder::kDate) {
    // Ties broken by id in date_page: a KeyMaker adding the id as a last key
    // would be refused by remote shards.
    enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
  } else {
    // Equal scores rank by article id, not by docid: docids depend on how the
    // archive is split into shards (Xapian interleaves them).
    enquire.set_sort_by_relevance_then_value(schema::kIdSlot, false);
  }
  return enquire;
}

Searcher::Recency Searcher::recency_of(Xapian::Enquire& enquire, const Ranking& ranking) {
  // The best score of the query ranked by relevance.
  const bool rescore = !ranking.broad.empty();
  enquire.set_query(ranking.first);
  const Xapian::MSet best = enquire.get_mset(0, rescore ? kBroadWindow : 1);
  double top = best.empty() ? 0 : best.begin().get_weight();
  if (rescore && !best.empty()) top = rescore_window(best, ranking.broad).front().score;
  Recency recency;
  // A query of filters only has no score: the boost alone ranks.
  recency.boost = kRecencyShare * (top > 0 ? top : 1);
  recency.query = recency_query(db_.get(), recency.boost, recency.newest);
  return recency;
}

Xapian::MSet Searcher::match(Xapian::Enquire& enquire, const Ranking& ranking,
                             const Recency& recency, const SearchOptions& options,
                             FacetCounter& facets, StoryCounter& stories) {
  enquire.set_query(recency.query.empty()
                        ? ranking.first
                        : Xapian::Query(Xapian::Query::OP_AND_MAYBE, ranking.first, recency.query));
  facets.attach(enquire);
  if (options.collapse) {
    enquire.set_collapse_key(schema::kCollapseSlot);
    stories.attach(enquire);
  }
  // Up to kExactUpTo matches, every one is looked at, so that the total of a
  // small match set is exact however the archive is sharded.
  const Xapian::doccount check =
      examines_every_match(options) ? db_.get().get_doccount() : kExactUpTo;
  if (!ranking.broad.empty()) {
    return enquire.get_mset(0, std::max(options.offset + options.limit, kBroadWindow), check);
  }
  return enquire.get_mset(options.offset, options.limit, check);
}

void Searcher::count_matches(const Xapian::MSet& mset, const SearchOptions& options,
                             SearchResult& result) {
  // With collapsing, every match has been examined: the lower bound is the
  // exact number of stories (Xapian's estimate scales a guess at the matches
  // and can exceed it, e.g. 15,000 stories for 12,958 matches).
  result.estimate =
      options.collapse ? mset.get_matches_lower_bound() : mset.get_matches_estimated();
  if (examines_every_match(options) ||
      mset.get_matches_lower_bound() == mset.get_matches_upper_bound()) {
    result.total = mset.get_matches_lower_bound();
    result.estimate = *result.total;
  }
}

Searcher::Page Searcher::select_page(Xapian::Enquire& enquire, const Xapian::MSet& mset,
                                     const Ranking& ranking, const SearchOptions& options,
                                     Xapian::MSet& window) {
  Page page;
  // Asks remote shards for the page's documents at once, not one by one.
  // (Not mset.fetch(): Xapian 1.4.22 crashes in it when the offset is not 0.)
  // Ids alone need no document: they are the matches' sort keys.
  auto fetch = [&](const Xapian::MSet& m, Xapian::doccount from, Xapian::doccount to) {
    if (options.fields && from < to) m.fetch(m[from], to < m.size() ? m[to] : m.end());
  };
  if (options.sort == SortOrder::kDate) {
    enquire.clear_matchspies();
    page.hits = date_page(enquire, options.offset, options.limit, window);
    if (options.fields && !page.hits.empty()) window.fetch(page.hits.front(), page.hits.back() + 1);
  } else if (!ranking.broad.empty()) {
    const std::vector<Rescored> order = rescore_window(mset, ranking.broad);
    const Xapian::doccount end = options.offset + options.limit;
    const Xapian::doccount last = std::min(end, mset.size());
    // The window's hits may move up into the page: fetched from the first.
    fetch(mset, options.offset < order.size() ? 0 : options.offset, last);
    for (Xapian::doccount i = options.offset; i < last; ++i) {
      if (i < order.size()) {
        page.hits.push_back(mset[order[i].index]);
        page.rescored_scores.push_back(order[i].score);
      } else {
        page.hits.push_back(mset[i]);
      }
    }
  } else {
    fetch(mset, 0, mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) page.hits.push_back(it);
  }
  return page;
}

void Searcher::add_hits(const Page& page, const QueryTerms& terms, const SearchOptions& options,
                        const StoryCounter& stories, SearchResult& result) {
  std::unordered_map<std::string, Xapian::doccount> story_size;
  if (options.collapse) {
    std::unordered_set<std::string> keys;
    for (const auto& it : page.hits) keys.insert(it.get_collapse_key());
    story_size = stories.counts(keys);
  }
  for (size_t i = 0; i < page.hits.size(); ++i) {
    const Xapian::MSetIterator& it = page.hits[i];
    Hit hit = make_hit(it, terms, options);
    hit.rank = options.offset + static_cast<unsigned>(i) + 1;
    if (i < page.rescored_scores.size()) hit.score = page.rescored_scores[i];
    if (options.collapse) {
      const std::string key = it.get_collapse_key();  // empty: never collapsed
      const Xapian::doccount size = key.empty() ? 1 : story_size.at(key);
      hit.copies = size > 0 ? size - 1 : 0;
    }
    result.hits.push_back(std::move(hit));
  }
}

std::vector<Searcher::Rescored> Searcher::rescore_window(const Xapian::MSet& ranked,
                                                         const Xapian::Query& broad) {
  const Xapian::doccount n = std::min(ranked.size(), kBroadWindow);
  std::vector<Rescored> window;
  std::vector<std::string> ids;  // ranked by relevance: a hit's sort key is its id
  std::unordered_map<Xapian::docid, size_t> index_of;
  std::vector<Xapian::Query> id_terms;
  for (Xapian::doccount i = 0; i < n; ++i) {
    const Xapian::MSetIterator it = ranked[i];
    window.push_back({i, it.get_weight()});
    ids.push_back(it.get_sort_key());
    index_of.emplace(*it, i);
    id_terms.emplace_back(schema::id_term(ids.back()));
  }
  // The broad stems' weights, run on the window's articles alone (the same
  // collection statistics as the whole query).
  Xapian::Enquire enquire(db_.get());
  enquire.set_weighting_scheme(kWeighting);
  enquire.set_query(
      Xapian::Query(Xapian::Query::OP_FILTER, broad,
                    Xapian::Query(Xapian::Query::OP_OR, id_terms.begin(), id_terms.end())));
  const Xapian::MSet weights = enquire.get_mset(0, n);
  for (auto it = weights.begin(); it != weights.end(); ++it) {
    window[index_of.at(*it)].score += it.get_weight();
  }
  std::sort(window.begin(), window.end(), [&](const Rescored& a, const Rescored& b) {
    return a.score != b.score ? a.score > b.score : ids[a.index] < ids[b.index];
  });
  return window;
}

void Searcher::explain(const Xapian::Query& query, const Ranking& ranking, size_t rescored_hits,
                       const Recency& recency, SearchResult& result) {
  std::vector<std::string> rescored_ids, other_ids;
  for (size_t i = 0; i < result.hits.size(); ++i) {
    (i < rescored_hits ? rescored_ids : other_ids).push_back(result.hits[i].id);
  }
  auto explanations = explain_hits(db_.get(), query, kWeighting, rescored_ids, ranking.fields);
  auto others = explain_hits(db_.get(), query, kWeighting, other_ids, ranking.first_fields);
  std::move(others.begin(), others.end(), std::back_inserter(explanations));
  for (size_t i = 0; i < result.hits.size(); ++i) {
    Hit& hit = result.hits[i];
    hit.explanation = std::move(explanations[i]);
    if (!recency.newest.empty()) {
      const std::string day = db_.get().get_document(hit.docid).get_value(schema::kDateSlot);
      hit.recency = recency_boost(day, recency.newest, recency.boost);
    }
  }
  result.explained = true;
}

Hit Searcher::make_hit(const Xapian::MSetIterator& it, const QueryTerms& terms,
                       const SearchOptions& options) {
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
  Article a = stored_article(doc, db_.texts());
  hit.title = std::move(a.title);
  hit.body = std::move(a.body);
  hit.date = std::move(a.date);
  hit.source = std::move(a.source);
  hit.url = std::move(a.url);
  hit.category = std::move(a.category);
  hit.snippet = make_snippet(hit.body.empty() ? hit.title : hit.body, terms, stemmer_);
  return hit;
}

}  // namespace fahras
