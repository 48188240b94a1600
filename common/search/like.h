// --like ID: articles similar to a given one, by Xapian's query expansion.
#pragma once

#include <string>
#include <unordered_set>

#include <xapian.h>

namespace fahras {

// Terms taken from the article to find similar ones.
constexpr unsigned kLikeTerms = 25;

// A query for articles like the article `id` of `db`: the article alone is
// the relevance set of an ESet (Xapian's expansion weights), its best
// `terms` stem terms (Z terms; title terms, filter terms and `excluded`
// terms such as the stopwords' stems left out) are OR-combined, and the
// article itself is excluded. Throws std::invalid_argument if `db` has no
// article `id`.
Xapian::Query like_query(const Xapian::Database& db, const std::string& id,
                         const std::unordered_set<std::string>& excluded,
                         unsigned terms = kLikeTerms);

}  // namespace fahras
