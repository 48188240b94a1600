#include "server/api.h"

#include <set>
#include <sstream>
#include <utility>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "common/analysis/analyze.h"
#include "common/search/snippet.h"
#include "query/output/analysis.h"
#include "query/output/formatter.h"
#include "query/output/stats.h"

namespace fahras::serve {
namespace {

using Json = nlohmann::ordered_json;

// The one value of parameter `name`, or nullptr if absent. Throws HttpError
// 400 if it is given twice.
const std::string* single(const Params& params, const std::string& name) {
  const auto [first, last] = params.equal_range(name);
  if (first == last) return nullptr;
  if (std::next(first) != last) throw HttpError(400, "parameter '" + name + "' is given twice");
  return &first->second;
}

// Parameter `name` as a number from 0 to `max`, `fallback` if absent.
unsigned number(const Params& params, const std::string& name, unsigned fallback, unsigned max) {
  const std::string* value = single(params, name);
  if (!value) return fallback;
  const bool digits = !value->empty() && value->size() <= 9 &&
                      value->find_first_not_of("0123456789") == std::string::npos;
  if (!digits || std::stoul(*value) > max) {
    throw HttpError(400,
                    "parameter '" + name + "' must be a number from 0 to " + std::to_string(max));
  }
  return static_cast<unsigned>(std::stoul(*value));
}

// Parameter `name` as a switch: 1/true/yes or 0/false/no (an empty value is
// true, as in "?plain"), `fallback` if absent.
bool flag(const Params& params, const std::string& name, bool fallback) {
  const std::string* value = single(params, name);
  if (!value) return fallback;
  if (*value == "" || *value == "1" || *value == "true" || *value == "yes") return true;
  if (*value == "0" || *value == "false" || *value == "no") return false;
  throw HttpError(400, "parameter '" + name + "' must be 1 or 0 (true or false)");
}

// Throws HttpError 400 if `params` holds a name not in `known`.
void check_names(const Params& params, const std::set<std::string>& known) {
  for (const auto& [name, value] : params) {
    if (!known.count(name)) {
      std::string list;
      for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
      throw HttpError(400, "unknown parameter '" + name + "' (expected " + list + ")");
    }
  }
}

// The facets named by every `facet` parameter, each a name or a
// comma-separated list.
std::vector<Facet> facets(const Params& params) {
  std::vector<Facet> out;
  const auto [first, last] = params.equal_range("facet");
  for (auto it = first; it != last; ++it) {
    std::istringstream names(it->second);
    std::string name;
    while (std::getline(names, name, ',')) {
      try {
        out.push_back(parse_facet(name));
      } catch (const std::invalid_argument& e) {
        throw HttpError(400, e.what());
      }
    }
  }
  return out;
}

// Throws HttpError 400 if `query` is longer than the limit.
void check_length(const std::string& query, const Limits& limits) {
  if (query.size() > limits.query_bytes) {
    throw HttpError(400, "the query is too long (" + std::to_string(query.size()) +
                             " bytes; at most " + std::to_string(limits.query_bytes) + ")");
  }
}

// `request` run by `searcher`, as a JSON object; a query that cannot be read
// throws HttpError 400.
Json result_of(Searcher& searcher, const std::string& qid, const std::string& query,
               const SearchOptions& options) {
  try {
    return result_json(searcher.search(qid, query, options));
  } catch (const Xapian::QueryParserError& e) {
    throw HttpError(400, "cannot read the query: " + e.get_msg() + " (try plain=1)");
  } catch (const std::invalid_argument& e) {
    throw HttpError(400, e.what());  // e.g. like= an unknown article
  }
}

// A batch line's qid: a string, or a number written as text.
std::string qid_of(const Json& line, size_t number) {
  const auto it = line.find("qid");
  if (it == line.end()) return std::to_string(number);
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return it->dump();
  throw HttpError(400, "line " + std::to_string(number) + ": qid must be a string or a number");
}

}  // namespace

SearchRequest parse_search(const Params& params, const Limits& limits, bool with_query) {
  std::set<std::string> known = {"limit",   "offset", "sort",    "facet",    "collapse", "plain",
                                 "explain", "exact",  "suggest", "synonyms", "like"};
  if (with_query) known.insert("q");
  check_names(params, known);
  SearchRequest request;
  if (with_query) {
    const std::string* q = single(params, "q");
    request.query = q ? *q : "";
    check_length(request.query, limits);
  }
  SearchOptions& o = request.options;
  o.limit = number(params, "limit", o.limit, limits.limit);
  o.offset = number(params, "offset", o.offset, limits.offset);
  if (const std::string* sort = single(params, "sort")) {
    try {
      o.sort = parse_sort(*sort);
    } catch (const std::invalid_argument& e) {
      throw HttpError(400, e.what());
    }
  }
  o.facets = facets(params);
  o.collapse = flag(params, "collapse", o.collapse);
  o.plain = flag(params, "plain", o.plain);
  o.explain = flag(params, "explain", o.explain);
  o.suggest = flag(params, "suggest", o.suggest);
  o.synonyms = flag(params, "synonyms", o.synonyms);
  if (const std::string* like = single(params, "like")) o.like = *like;
  o.exact = flag(params, "exact", o.exact);
  if (with_query && request.query.empty() && o.like.empty()) {
    throw HttpError(400, "parameter 'q' (the query) is required");
  }
  return request;
}

std::string search(Searcher& searcher, const SearchRequest& request, const Limits& limits) {
  check_length(request.query, limits);
  return dump(result_of(searcher, "1", request.query, request.options));
}

std::string batch(Searcher& searcher, const std::string& body, const SearchRequest& shared,
                  const Limits& limits) {
  std::istringstream in(body);
  std::string line, out;
  size_t number = 0, queries = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (++queries > limits.batch_queries) {
      throw HttpError(413, "too many queries in one batch (at most " +
                               std::to_string(limits.batch_queries) + ")");
    }
    const Json object = Json::parse(line, nullptr, false);
    if (!object.is_object() || !object.contains("query") || !object["query"].is_string()) {
      throw HttpError(
          400, "line " + std::to_string(number) + ": expected {\"qid\": ..., \"query\": \"...\"}");
    }
    const std::string qid = qid_of(object, number);
    const std::string query = object["query"].get<std::string>();
    try {
      check_length(query, limits);
      out += dump(result_of(searcher, qid, query, shared.options));
    } catch (const HttpError& e) {
      if (e.status() != 400) throw;
      out += dump(error_json(qid, query, e.what()));
    }
    out += '\n';
  }
  return out;
}

std::string article(Searcher& searcher, const AnalysisChain& chain, const std::string& id,
                    const Params& params, const Limits& limits) {
  check_names(params, {"q", "plain"});
  const std::optional<Article> found = searcher.article(id);
  if (!found) throw HttpError(404, "no article with id '" + id + "'");
  Json object = article_json(*found);
  if (const std::string* q = single(params, "q")) {
    check_length(*q, limits);
    QueryTerms terms;
    try {
      terms = searcher.match_terms(*q, flag(params, "plain", false));
    } catch (const Xapian::QueryParserError& e) {
      throw HttpError(400, "cannot read the query: " + e.get_msg() + " (try plain=1)");
    }
    Xapian::Stem stemmer = chain.stemmer();
    auto marked = [&](const std::string& text) {
      return marked_snippet(make_snippet(text, terms, stemmer, text.size()));
    };
    object["highlighted"] = {{"title", marked(found->title)}, {"body", marked(found->body)}};
  }
  return dump(object);
}

std::string stats(Searcher& searcher) { return dump(stats_json(searcher.stats())); }

std::string analyze(const AnalysisChain& chain, const Params& params, const Limits& limits) {
  check_names(params, {"text"});
  const std::string* text = single(params, "text");
  if (!text) throw HttpError(400, "parameter 'text' is required");
  check_length(*text, limits);
  return dump(analysis_json(*text, fahras::analyze(chain, *text)));
}

std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string error_body(const std::string& message) { return dump(Json{{"error", message}}); }

}  // namespace fahras::serve
