// Query text → Xapian query, through the same analysis chain as the index.
#pragma once

#include <string>

#include <xapian.h>

#include "common/analysis/chain.h"

namespace fahras {

class QueryBuilder {
 public:
  // `chain` must outlive the builder.
  QueryBuilder(const AnalysisChain& chain, const Xapian::Database& db);

  // Parses `text`. Unless `plain`, it understands phrases in double quotes,
  // AND/OR/NOT and brackets, +word and -word, title:, source:, category:,
  // year:YYYY and date:YYYY-MM-DD..YYYY-MM-DD. With `plain`, every word is a
  // plain search word. Free words are OR-combined. With `synonyms`, a word
  // (or words in a row) outside a phrase that the database's synonym table
  // lists also matches its synonyms (see common/index/synonyms.h). Throws
  // Xapian::QueryParserError on a query it cannot read.
  Xapian::Query parse(const std::string& text, bool plain, bool synonyms = true);

 private:
  const AnalysisChain& chain_;
  Xapian::QueryParser full_;
  Xapian::QueryParser plain_;
};

}  // namespace fahras
