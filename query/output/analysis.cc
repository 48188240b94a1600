#include "query/output/analysis.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "common/schema.h"

namespace fahras {
namespace {

// `s` with tabs, newlines and other control characters shown as '?', so that
// a token stays in its column.
std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  return out;
}

}  // namespace

nlohmann::ordered_json analysis_json(const std::string& text,
                                     const std::vector<AnalyzedToken>& tokens) {
  using Json = nlohmann::ordered_json;
  Json list = Json::array();
  for (const AnalyzedToken& t : tokens) {
    Json token;
    token["position"] = t.position;
    token["written"] = t.written;
    token["start_offset"] = t.start;
    token["end_offset"] = t.end;
    token["normalized"] = t.normalized;
    token["stem"] = t.stem;
    token["term"] = schema::term(schema::TermKind::kStem, t.stem);
    token["broad"] = t.broad;
    token["broad_term"] = schema::term(schema::TermKind::kBroad, t.broad);
    token["query_stopword"] = t.query_stopword;
    token["rule"] = t.rule;
    list.push_back(std::move(token));
  }
  Json object;
  object["text"] = text;
  object["tokens"] = std::move(list);
  return object;
}

void write_analysis(std::ostream& out, const std::string& text,
                    const std::vector<AnalyzedToken>& tokens, Format format) {
  if (format == Format::kText) {
    out << "#\twritten\tnormalized\tstem\tbroad\trule\n";
    for (const AnalyzedToken& t : tokens) {
      out << t.position << '\t' << cell(t.written) << '\t' << cell(t.normalized) << '\t'
          << cell(t.stem) << '\t' << cell(t.broad) << '\t' << cell(t.rule)
          << (t.query_stopword ? "\tstopword" : "")
          << '\n';
    }
  } else if (format == Format::kJson) {
    const nlohmann::ordered_json object = analysis_json(text, tokens);
    out << object.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  } else {
    throw std::invalid_argument("--analyze writes text or json");
  }
  out.flush();
}

}  // namespace fahras
