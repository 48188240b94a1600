// Writes what --analyze found: the analysis chain's tokens of a text.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/analysis/analyze.h"
#include "query/output/formatter.h"

namespace fahras {

// Writes `tokens` (of `text`) in `format`, text or json (see docs/output.md);
// throws std::invalid_argument for another format.
//   text: a heading line, then one line per token:
//         POSITION<TAB>WRITTEN<TAB>NORMALIZED<TAB>STEM[<TAB>stopword]
//   json: {"text", "tokens": [{position, written, start_offset, end_offset,
//         normalized, stem, term, query_stopword}...]}
void write_analysis(std::ostream& out, const std::string& text,
                    const std::vector<AnalyzedToken>& tokens, Format format);

// The json format's object above, for `tokens` of `text`.
nlohmann::ordered_json analysis_json(const std::string& text,
                                     const std::vector<AnalyzedToken>& tokens);

}  // namespace fahras
