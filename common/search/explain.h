// --explain: each hit's score split into the BM25 weights of the query terms
// it matches.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "common/search/ranking.h"
#include "common/search/result.h"

namespace fahras {

// For each of `ids` (article ids of hits of `query` on `db`), the stem terms
// of `query` (Z and ZS terms) that add to the article's score, each with its
// weight under `weighting`, largest first. A term's weight is that of the
// term run alone through Xapian's matcher on the same databases, filtered to
// the hits (so with the same collection statistics as the full query); it
// counts once per place the term has in the query where the hit matches
// every enclosing subquery (a phrase's words count only for a hit holding
// the phrase; words under NOT or in a filter never count). A word expanded
// with its variant spellings (OP_SYNONYM) is weighed as Xapian weighs it, as
// one group, shown under the word's own term. With Fahras's
// queries (words, phrases, AND/OR/NOT, +/-, title:, filters) the weights sum
// to the hit's BM25 score, to rounding. Runs one Enquire per distinct term
// and per subquery, each over the hits only.
// The units of `fields`, which the ranking added to `query` (see
// with_field_weights in ranking.h), count too, each its field's weight times,
// under the field's name.
std::vector<std::vector<TermWeight>> explain_hits(const Xapian::Database& db,
                                                  const Xapian::Query& query,
                                                  const Xapian::Weight& weighting,
                                                  const std::vector<std::string>& ids,
                                                  const std::vector<AddedField>& fields = {});

}  // namespace fahras
