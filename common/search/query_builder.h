// Query text → Xapian query, through the same analysis chain as the index.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/analysis/chain.h"

namespace fahras {

class QueryBuilder {
 public:
  // `chain` must outlive the builder.
  QueryBuilder(const AnalysisChain& chain, const Xapian::Database& db);

  // Parses `text`. Unless `plain`, it understands phrases in double quotes,
  // AND/OR/NOT and brackets, +word and -word, title:, source:, category:,
  // id:ID, year:YYYY, year:A..B, date:YYYY, date:YYYY-MM, date:YYYY-MM-DD and
  // date:A..B (either end may be left out), and WORD* (the indexed stems that
  // start with WORD, at most 500: more throws Xapian::QueryParserError). With `plain`, every word
  // is a plain search word. Free words are OR-combined. With `synonyms`, a word (or words in a row)
  // outside a phrase that the database's synonym table lists also matches its
  // synonyms (see common/index/synonyms.h). A NAME: that is no field is
  // searched as words, with a warning added to `warnings` if given. Text
  // without a word (punctuation alone) gives an empty query. Throws
  // Xapian::QueryParserError on a query it cannot read.
  Xapian::Query parse(const std::string& text, bool plain, bool synonyms = true,
                      std::vector<std::string>* warnings = nullptr);

 private:
  const AnalysisChain& chain_;
  Xapian::QueryParser full_;
  Xapian::QueryParser plain_;
  // What the field processors of full_ could not read during a parse.
  std::shared_ptr<std::string> error_ = std::make_shared<std::string>();
};

}  // namespace fahras
