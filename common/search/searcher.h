// Searching one or more Fahras databases.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/search/collapse.h"
#include "common/search/database.h"
#include "common/search/facets.h"
#include "common/search/query_builder.h"
#include "common/search/ranking.h"
#include "common/search/result.h"
#include "common/search/snippet.h"
#include "common/search/spelling.h"
#include "common/search/stats.h"

namespace fahras {

// The longest query the tools and the service accept: Xapian's matcher takes
// time quadratic in the number of query words that are not in the index
// (about 2 s for 5,000).
constexpr size_t kMaxQueryBytes = 8192;

struct SearchOptions {
  unsigned limit = 10;        // hits to return
  unsigned offset = 0;        // hits to skip first
  bool plain = false;         // take the query as plain words, no operators
  bool fields = true;         // load the stored fields and make a snippet; false: id and score only
  std::vector<Facet> facets;  // counted over every match (see facets.h)
  SortOrder sort = SortOrder::kRelevance;  // see ranking.h
  bool explain = false;                    // split each hit's score by term (explain.h)
  std::string like;  // an article id: find articles like it (like.h), the query narrowing them
  // Show each story once: matches sharing a collapse key (near copies, see
  // docs/collapse.md) fold into the best ranked, whose Hit::copies counts the
  // others. Every match is examined, so the counts and the estimate are exact.
  bool collapse = false;
  bool suggest = true;   // look for a did-you-mean suggestion (see spelling.h)
  bool synonyms = true;  // expand words with the database's synonym table
  // Examine every match, so that SearchResult::total is always set (costs
  // time on a large match set; see docs/performance.md).
  bool exact = false;
};

class Searcher {
 public:
  // Opens the databases `databases` read-only, as one: directories, stub
  // files or tcp://HOST:PORT shards (see open_database in database.h).
  // Throws std::runtime_error naming the shard if one cannot be reached or
  // opened, is not a Fahras database, or was built by another analysis chain
  // than `chain`.
  Searcher(const std::vector<std::string>& databases, std::shared_ptr<const AnalysisChain> chain,
           const OpenOptions& open = {});

  // Runs `query` on the latest commit and returns its hits ranked by BM25,
  // ties by article id (the same ranking however the archive is sharded), or
  // in the order options.sort asks for, with the facets and explanations
  // asked for. With options.like, the query only narrows the articles like
  // that one (it may then be empty); throws std::invalid_argument if there
  // is no such article. A
  // commit that discards the revision being read makes the search start again
  // on the latest (see LiveDatabase::read). Throws Xapian::QueryParserError
  // for a query that cannot be read, std::runtime_error naming the shard if
  // one cannot be opened again.
  SearchResult search(const std::string& query_id, const std::string& query,
                      const SearchOptions& options);

  // The stored article with id `id` on the latest commit, or nullopt if no
  // database holds it. Throws std::runtime_error naming the shard if one
  // cannot be opened again.
  std::optional<Article> article(const std::string& id);

  // What the databases hold, on the latest commit (see stats.h).
  DatabaseStats stats();

  // The words and phrases of `query` that a snippet marks (see snippet.h),
  // the query read as search() reads it. Throws Xapian::QueryParserError for
  // a query that cannot be read.
  QueryTerms match_terms(const std::string& query, bool plain, bool synonyms = true);

 private:
  // The recency boost of --sort recency: `query` weighs each dated article,
  // `boost` that of the newest day `newest`. All empty in other orders.
  struct Recency {
    Xapian::Query query;
    std::string newest;
    double boost = 0;
  };
  // The hits of the page asked for, in order; the first ones with their
  // scores after rescoring when the ranking rescored them.
  struct Page {
    std::vector<Xapian::MSetIterator> hits;
    std::vector<double> rescored_scores;
  };

  // search() on the revision open now; may throw Xapian::DatabaseModifiedError.
  // Its steps follow, in the order it takes them.
  SearchResult search_once(const std::string& query_id, const std::string& query,
                           const SearchOptions& options);
  // `query` parsed (its warnings and did-you-mean suggestion into `result`),
  // narrowed to the articles like options.like when given.
  Xapian::Query read_query(const std::string& query, const SearchOptions& options,
                           SearchResult& result);
  // An Enquire on the databases, weighing by BM25, ordered by `sort` with
  // ties by article id (the date order's ties are left to date_page).
  Xapian::Enquire ordered_enquire(SortOrder sort);
  // The boost of --sort recency for `ranking`, scaled to its best score.
  Recency recency_of(Xapian::Enquire& enquire, const Ranking& ranking);
  // Runs the match: the page (from offset 0, the rescoring window with it,
  // when the ranking rescores), with `facets` and `stories` counting.
  Xapian::MSet match(Xapian::Enquire& enquire, const Ranking& ranking, const Recency& recency,
                     const SearchOptions& options, FacetCounter& facets, StoryCounter& stories);
  // The estimate, and the total when it is exact, of `mset` into `result`.
  static void count_matches(const Xapian::MSet& mset, const SearchOptions& options,
                            SearchResult& result);
  // The page of hits of `mset` (rescored), or of a date_page window kept in
  // `window` for the date order.
  Page select_page(Xapian::Enquire& enquire, const Xapian::MSet& mset, const Ranking& ranking,
                   const SearchOptions& options, Xapian::MSet& window);
  // The hits of `page` with their stored fields, snippets and copy counts,
  // appended to `result`.
  void add_hits(const Page& page, const QueryTerms& terms, const SearchOptions& options,
                const StoryCounter& stories, SearchResult& result);
  // Fills in the explanation of each hit of `result`, found for `query`
  // ranked by `ranking`, its first `rescored_hits` hits rescored; the
  // recency boosts too in the recency order.
  void explain(const Xapian::Query& query, const Ranking& ranking, size_t rescored_hits,
               const Recency& recency, SearchResult& result);
  // A hit of the rescoring window: its index in the first pass, its score
  // with the broad stems' weights added.
  struct Rescored {
    Xapian::doccount index;
    double score;
  };
  // The first kBroadWindow hits of `ranked` (ranked by relevance, from
  // offset 0), each score plus the weight `broad` (the broad stems, weighed)
  // gives the article, in the order of those scores; equal ones by id.
  std::vector<Rescored> rescore_window(const Xapian::MSet& ranked, const Xapian::Query& broad);
  // The query builder for the databases open now (made again when they
  // were opened afresh).
  QueryBuilder& query_builder();
  // The suggester, its verdicts forgotten when the databases changed.
  SpellingSuggester& suggester();
  Hit make_hit(const Xapian::MSetIterator& it, const QueryTerms& terms,
               const SearchOptions& options);

  std::shared_ptr<const AnalysisChain> chain_;
  LiveDatabase db_;
  std::optional<QueryBuilder> query_builder_;  // made again when db_ opens afresh
  unsigned query_builder_generation_ = 0;      // db_.generation() it was made for
  Xapian::Stem stemmer_;
  std::unordered_set<std::string> stopword_terms_;  // Z terms of the stopwords, kept out of --like
  SpellingSuggester suggester_;
  unsigned suggester_changes_ = 0;  // db_.changes() its verdicts were found at
};

}  // namespace fahras
