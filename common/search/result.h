// What a search returns: ranked hits with their stored fields and a snippet.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

namespace fahras {

// A piece of a snippet: original text, marked when it is a match.
struct SnippetPart {
  std::string text;
  bool match = false;
};

// One query term's part in a hit's score (--explain).
struct TermWeight {
  std::string term;  // the Xapian term, e.g. "Zطاجيكستان" or "ZSطاجيكستان" (title)
  std::string stem;   // the term without its prefix
  std::string field;  // "text" (title and body), "title" or "broad" (broad stems)
  double weight = 0;  // its BM25 contribution to the hit's score
};

struct Hit {
  unsigned rank = 0;  // 1-based, counting from the first result overall
  double score = 0;   // BM25 weight
  Xapian::docid docid = 0;
  std::string id, title, body, date, source, url, category;
  // A window of the original title or body around the matches; an ellipsis
  // ("…") starts or ends it when it is cut.
  std::vector<SnippetPart> snippet;
  // With SearchOptions::collapse: the other matches folded into this hit
  // (near copies of the same story); unset without it.
  std::optional<Xapian::doccount> copies;
  // With --explain: the query terms the hit matches and their weights, and
  // the recency boost (--sort recency); the weights and the boost sum to the
  // score (see docs/output.md).
  std::vector<TermWeight> explanation;
  double recency = 0;
};

// A facet value and how many matches have it.
struct FacetValue {
  std::string value;
  Xapian::doccount count = 0;
};

// The counts of one facet ("source", "category", "year", "month").
struct FacetCounts {
  std::string name;
  std::vector<FacetValue> values;
};

struct SearchResult {
  std::string query_id;           // from a batch line, or "1" for a single query
  std::string query;              // as the user wrote it
  Xapian::doccount estimate = 0;  // matches estimated over the whole database
  // The exact number of matches (with collapsing, of stories), when every
  // match was examined: SearchOptions::exact, facets, collapse, or a query
  // whose matches all fit in what was looked at. Unset for an estimate.
  std::optional<Xapian::doccount> total;
  std::string suggestion;  // did you mean: a corrected query, or empty
  std::vector<Hit> hits;
  std::vector<FacetCounts> facets;  // those asked for, over every match
  bool explained = false;           // hits carry an explanation
  // Things the user may want to know about how the query was read (an
  // unknown field, a wildcard that matched too many words), in words.
  std::vector<std::string> warnings;
};

// An article as stored, read back by its id.
struct Article {
  std::string id, title, body, date, source, url, category;
};

}  // namespace fahras
