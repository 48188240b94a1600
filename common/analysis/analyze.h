// What the analysis chain makes of a text, word by word (fahras-query
// --analyze, like Elasticsearch's _analyze): each word as written, normalized
// and stemmed (light and broad stem), by the very code indexing runs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/analysis/chain.h"

namespace fahras {

struct AnalyzedToken {
  unsigned position = 0;  // 1-based, counting tokens
  std::string written;    // the word as written in the text
  size_t start = 0;       // byte offsets of `written` in the text: [start, end)
  size_t end = 0;
  std::string normalized;       // normalized and lowercased, as Xapian's tokenizer sees it
  std::string stem;             // the stem; the index term is "Z" + stem
  std::string broad;            // broad_stem(stem); the index term is "XB" + broad
  bool query_stopword = false;  // dropped from free-text queries (stopwords.h)
  std::string rule;             // what decided the stem (AnalysisChain::stem_rule)
};

// The tokens of `text`: the analyzer's stream (analyzer.h), the words
// TermGenerator indexes, with the stems DocumentBuilder indexes. Several
// words NFKC makes of one character (ﷺ) have the same `written`; a word
// that normalization empties (tatweel alone) gives none.
std::vector<AnalyzedToken> analyze(const AnalysisChain& chain, std::string_view text);

}  // namespace fahras
