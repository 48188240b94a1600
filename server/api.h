// fahras-serve's JSON API without the HTTP around it: reading a request's
// parameters, answering it with a Searcher, in the fields of fahras-query's
// json format (query/output/formatter.h). See docs/serve.md.
#pragma once

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "common/analysis/chain.h"
#include "common/search/searcher.h"

namespace fahras::serve {

// A request's query-string parameters, a name possibly repeated.
using Params = std::multimap<std::string, std::string>;

// An answer that is not 200: its HTTP status and the message of its
// {"error": ...} body.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

struct Limits {
  size_t query_bytes = kMaxQueryBytes;  // as fahras-query (Xapian slows down past it)
  unsigned limit = 100;         // hits per page
  unsigned offset = 10000;      // hits skipped
  size_t batch_queries = 1000;  // queries in one POST /batch
};

// A search asked for by /search's parameters (or /batch's, with the query
// on each line).
struct SearchRequest {
  std::string query;
  SearchOptions options;
};

// Reads /search's parameters: q, limit, offset, sort, facet (repeatable or
// comma-separated), collapse, plain, explain, exact, suggest, synonyms, like.
// Without `with_query` (for /batch) q is not accepted. Throws HttpError 400
// naming the parameter that is unknown, malformed or out of `limits`.
SearchRequest parse_search(const Params& params, const Limits& limits, bool with_query = true);

// The body of GET /search: result_json of the search, compact.
std::string search(Searcher& searcher, const SearchRequest& request, const Limits& limits);

// The body of POST /batch: one line per query of `body` (JSON Lines of
// {"qid": string or number, "query": string}; blank lines skipped), the
// result's object or {"query_id", "query", "error"}, in order. Throws
// HttpError 400 for a body that is not such lines (naming the line) or 413
// for more than limits.batch_queries queries.
std::string batch(Searcher& searcher, const std::string& body, const SearchRequest& shared,
                  const Limits& limits);

// The body of GET /articles/{id}: the stored article (as fahras-query --get
// --format json); with parameter q (and plain), "highlighted": its title and
// body as HTML, the query's matches in <mark>…</mark>. Throws HttpError 404
// for an unknown id, 400 for a bad parameter or query.
std::string article(Searcher& searcher, const AnalysisChain& chain, const std::string& id,
                    const Params& params, const Limits& limits);

// The body of GET /stats: what the databases hold (as fahras-query --stats
// --format json; shards are named as --db and stub files name them).
std::string stats(Searcher& searcher);

// The body of GET /analyze?text=: the analysis chain's tokens of the text
// (as fahras-query --analyze --format json).
std::string analyze(const AnalysisChain& chain, const Params& params, const Limits& limits);

// `value` as compact JSON text; invalid UTF-8 replaced, never thrown about.
std::string dump(const nlohmann::ordered_json& value);

// {"error": message}
std::string error_body(const std::string& message);

}  // namespace fahras::serve
