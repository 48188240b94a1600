#include "common/analysis/analyze.h"

#include <memory>

#include "common/analysis/analyzer.h"
#include "common/analysis/stopwords.h"

namespace fahras {

std::vector<AnalyzedToken> analyze(const AnalysisChain& chain, std::string_view text) {
  Analyzer analyzer(chain);
  const std::unique_ptr<Xapian::Stopper> stopper(make_arabic_stopper());
  std::vector<AnalyzedToken> tokens;
  for (const Token& t : analyzer.analyze(text)) {
    // The words TermGenerator leaves out: too long, or no stem.
    if (t.position == 0 || t.stem.empty()) continue;
    AnalyzedToken token;
    token.position = static_cast<unsigned>(tokens.size() + 1);
    token.written = std::string(t.written);
    token.start = t.begin;
    token.end = t.end;
    token.normalized = std::string(t.normalized);
    token.stem = t.stem;
    token.broad = t.broad;
    token.query_stopword = (*stopper)(token.normalized);
    token.rule = chain.stem_rule(token.normalized);
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace fahras
