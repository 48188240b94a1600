// Searching one or more Fahras databases.
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/search/query_builder.h"
#include "common/search/result.h"

namespace fahras {

struct SearchOptions {
  unsigned limit = 10;   // hits to return
  unsigned offset = 0;   // hits to skip first
  bool plain = false;    // take the query as plain words, no operators
  bool fields = true;    // load the stored fields and make a snippet; false: id and score only
};

class Searcher {
 public:
  // Opens the databases at `db_paths` read-only, as one. Throws
  // std::runtime_error naming the path if one cannot be opened, is not a
  // Fahras database, or was built by another analysis chain than `chain`.
  Searcher(const std::vector<std::string>& db_paths, std::shared_ptr<const AnalysisChain> chain);

  // Runs `query` and returns its hits ranked by BM25. Throws
  // Xapian::QueryParserError for a query that cannot be read.
  SearchResult search(const std::string& query_id, const std::string& query,
                      const SearchOptions& options);

 private:
  Hit make_hit(const Xapian::MSetIterator& it, const std::unordered_set<std::string>& stems,
               bool fields);

  std::shared_ptr<const AnalysisChain> chain_;
  Xapian::Database db_;
  QueryBuilder query_builder_;
  Xapian::Stem stemmer_;
};

}  // namespace fahras
