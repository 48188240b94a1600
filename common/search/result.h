// What a search returns: ranked hits with their stored fields and a snippet.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace fahras {

// A piece of a snippet: original text, marked when it is a match.
struct SnippetPart {
  std::string text;
  bool match = false;
};

struct Hit {
  unsigned rank = 0;  // 1-based, counting from the first result overall
  double score = 0;   // BM25 weight
  Xapian::docid docid = 0;
  std::string id, title, body, date, source, url, category;
  // A window of the original title or body around the matches; an ellipsis
  // ("…") starts or ends it when it is cut.
  std::vector<SnippetPart> snippet;
};

struct SearchResult {
  std::string query_id;  // from a batch line, or "1" for a single query
  std::string query;     // as the user wrote it
  Xapian::doccount estimate = 0;  // matches estimated over the whole database
  std::string suggestion;         // did you mean: a corrected query, or empty
  std::vector<Hit> hits;
};

}  // namespace fahras
