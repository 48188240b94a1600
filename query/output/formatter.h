// Writes search results in the formats `fahras-query --format` offers.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/search/result.h"

namespace fahras {

enum class Format { kText, kJson, kJsonl, kIds, kTrec };

// Parses "text", "json", "jsonl", "ids" or "trec"; throws std::invalid_argument
// naming the accepted values otherwise.
Format parse_format(const std::string& name);

struct OutputOptions {
  Format format = Format::kText;
  bool color = false;              // ANSI highlighting of matches (text format)
  std::string run_tag = "fahras";  // last column of the trec format
  // ids and trec: where facet counts go, as the text format writes them
  // (standard output stays a plain list or run); nowhere if null.
  std::ostream* facets_out = nullptr;
  // json and jsonl: each hit carries the article's whole body too.
  bool body = false;
  // Only the exact number of matches of each query (--count): one line, or
  // "qid<TAB>count" lines in batch mode, whatever the format.
  bool count = false;
};

// Receives the results of one or more queries, in order, and writes them.
// `begin` is called once before the first result and `end` once after the last.
class Formatter {
 public:
  virtual ~Formatter() = default;
  virtual void begin(bool batch) { (void)batch; }
  virtual void write(const SearchResult& result) = 0;
  // A query of the batch that failed with `message`: json and jsonl write
  // {"query_id", "query", "error"} in its place; other formats nothing (the
  // caller reports it on standard error).
  virtual void write_error(const std::string& query_id, const std::string& query,
                           const std::string& message) {
    (void)query_id, (void)query, (void)message;
  }
  virtual void end() {}
};

std::unique_ptr<Formatter> make_formatter(std::ostream& out, const OutputOptions& options);

// The JSON object of one result, as --format json writes it (see
// docs/output.md), with each hit's body when `body`.
nlohmann::ordered_json result_json(const SearchResult& result, bool body = false);

// Writes `articles` whole, in `format`: text (a heading block, then the body),
// json (one object, or an array of them when `several`), jsonl (one object a
// line) or ids. Throws std::invalid_argument for trec.
void write_articles(std::ostream& out, const std::vector<Article>& articles, Format format,
                    bool several);

// An article's fields as a JSON object, in the order of docs/output.md (as
// --get --format json writes it).
nlohmann::ordered_json article_json(const Article& article);

// {"query_id", "query", "error"}: a query of a batch that failed, in place of
// its result (json and jsonl formats).
nlohmann::ordered_json error_json(const std::string& query_id, const std::string& query,
                                  const std::string& message);

// `parts` as HTML, as the json formats write a snippet: the text escaped,
// every match in <mark>…</mark>.
std::string marked_snippet(const std::vector<SnippetPart>& parts);

}  // namespace fahras
