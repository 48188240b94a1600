// How relevance weighs titles, and orders other than relevance: by date, and
// BM25 with a boost for recent articles. Both orders use only what remote
// shards support (a value sort and a built-in PostingSource: xapian-tcpsrv
// knows no others, and no KeyMaker). By date, Xapian leaves articles of one
// day with equal scores in docid order, which differs between two splits of
// an archive into shards: date_page() puts them in article id order.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace fahras {

enum class SortOrder {
  kRelevance,  // BM25, equal scores by article id
  kDate,       // newest first, the same day by BM25, then by article id; undated last
  kRecency,    // BM25 plus a recency boost, equal scores by article id
};

// Parses "relevance", "date" or "recency"; throws std::invalid_argument naming
// the accepted values otherwise.
SortOrder parse_sort(const std::string& name);

// Title words count twice. In the text terms (Z), where a title word counts
// kTitleWdf times, and as a field of their own (ZS), added with this weight:
// a title made of the query's words ranks above a long title that also holds
// them (BM25 normalizes by the title's length). Measured on arcd dev, MRR@10
// 0.805 without, 0.818-0.820 for any weight from 0.2 to 0.6.
constexpr double kTitleWeight = 0.5;

// Each query word weighs again through its broad stem (XB, see broad_stem in
// arabic_stemmer.h), with this weight: an article holding another derivation
// of the word (يحدها for تحد, مدارس for مدرسة) ranks higher. Broad stems
// only re-weigh the query's matches, never add one: they are too coarse to
// match on. Measured on arcd dev, MRR@10 0.820 without, 0.836 with.
constexpr double kBroadWeight = 1.0;

// A field the ranking adds to a query's own terms.
struct AddedField {
  std::string name;     // as --explain shows it: "title" or "broad"
  Xapian::Query units;  // or-ed
  double weight;
  bool held_by_matches;  // an article holding a unit holds its text term
};

// The title terms (ZS) and broad stem terms (XB) of the text terms (Z) of
// `query` that weigh: one unit per text term, one OP_SYNONYM per group of
// variant spellings. The words of phrases have no broad stem unit. A field
// without units is left out.
std::vector<AddedField> added_fields(const Xapian::Query& query);

// Broad stems re-rank only the first kBroadWindow hits of the query ranked
// without them (a rescoring window, as Elasticsearch's rescore); the hits
// after those keep that first order, so pages put together give one ranking,
// and the date order has no broad stems. Weighing every candidate's broad
// stems made ten-word queries 3 times slower on news-large (p50 1.2 → 3.4 ms;
// 1.5 ms with this window); arcd dev gives MRR@10 0.8369 weighing every
// match, 0.8367 with this window.
constexpr Xapian::doccount kBroadWindow = 20;
// When the broad stems' posting lists hold this many entries or fewer in all,
// weighing every match costs less than the second pass of the window (on
// arcd's 460 passages, p50 0.11 ms against 0.17): they weigh every match.
constexpr Xapian::doccount kBroadOnePassPostings = 5000;

// The units of `field`, or-ed, each its field's weight times.
Xapian::Query weighed_units(const AddedField& field);

// How a query is ranked: by `first`, the query with `first_fields` weighing;
// then, if `broad` (the broad stems' units, weighed) is not empty, its first
// kBroadWindow hits again with `broad` added, `fields` weighing for them.
struct Ranking {
  Xapian::Query first;
  std::vector<AddedField> first_fields;
  Xapian::Query broad;
  std::vector<AddedField> fields;
};

// The ranking of `query` (parsed) on `db` in `order`: titles always weigh;
// broad stems weigh every match or the window, as above, or not at all in
// the date order.
Ranking plan_ranking(const Xapian::Query& query, SortOrder order, const Xapian::Database& db);

// `query` with `fields` (of added_fields(query), all or some) weighing, each
// unit its field's weight times: the same matches.
Xapian::Query with_field_weights(const Xapian::Query& query, const std::vector<AddedField>& fields);

// The recency boost halves every kRecencyHalfLifeDays days of age, age
// counted back from the newest article in the databases (not from today: an
// archive ranks the same whenever it is searched). An article of the newest
// day gets kRecencyShare times the best BM25 score of the query.
constexpr double kRecencyHalfLifeDays = 90;
constexpr double kRecencyShare = 0.5;

// The boost for an article of `day` (YYYYMMDD), when the newest article is
// of `newest`: `top` × 0.5^(age in days / kRecencyHalfLifeDays), `top` being
// that of the newest day (kRecencyShare × the best BM25 score). 0 for a day
// that is not a date.
double recency_boost(const std::string& day, const std::string& newest, double top);

// A query matching every dated article of `db`, weighted recency_boost(its
// day, newest day in `db`, `top`): a Xapian::ValueMapPostingSource over the
// date slot with one entry per day (read from the D terms). Empty if `db`
// has no dated article. `newest` receives the newest day.
Xapian::Query recency_query(const Xapian::Database& db, double top, std::string& newest);

// The hits [offset, offset + limit) of `enquire`, which sorts by the date
// slot (descending) then relevance, with the ties Xapian leaves in docid
// order (same day, same score) in article id order instead. Runs the match
// again on a window around the page, widened until it holds the whole of
// every tie group the page touches. The iterators point into `window`.
// Clear the enquire's match spies first: they would count again.
std::vector<Xapian::MSetIterator> date_page(const Xapian::Enquire& enquire,
                                            Xapian::doccount offset, Xapian::doccount limit,
                                            Xapian::MSet& window);

}  // namespace fahras
