// Writes search results in the formats `fahras-query --format` offers.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "common/search/result.h"

namespace fahras {

enum class Format { kText, kJson, kJsonl, kIds, kTrec };

// Parses "text", "json", "jsonl", "ids" or "trec"; throws std::invalid_argument
// naming the accepted values otherwise.
Format parse_format(const std::string& name);

struct OutputOptions {
  Format format = Format::kText;
  bool color = false;       // ANSI highlighting of matches (text format)
  std::string run_tag = "fahras";  // last column of the trec format
  // ids and trec: where facet counts go, as the text format writes them
  // (standard output stays a plain list or run); nowhere if null.
  std::ostream* facets_out = nullptr;
};

// Receives the results of one or more queries, in order, and writes them.
// `begin` is called once before the first result and `end` once after the last.
class Formatter {
 public:
  virtual ~Formatter() = default;
  virtual void begin(bool batch) { (void)batch; }
  virtual void write(const SearchResult& result) = 0;
  virtual void end() {}
};

std::unique_ptr<Formatter> make_formatter(std::ostream& out, const OutputOptions& options);

// The object `--format json` writes for `result` (docs/output.md): fahras-query
// and fahras-serve give the same fields from this one function.
nlohmann::ordered_json result_json(const SearchResult& result);

}  // namespace fahras
