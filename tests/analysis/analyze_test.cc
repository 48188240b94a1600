// Tests for common/analysis/analyze: --analyze shows the terms indexing makes.
#include "common/analysis/analyze.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "common/index/document_builder.h"
#include "tests/support.h"

namespace fahras {
namespace {

// The Z terms (not ZS) of `doc`.
std::set<std::string> stem_terms(const Xapian::Document& doc) {
  std::set<std::string> terms;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    if (term.size() > 1 && term[0] == 'Z' && term[1] != 'S') terms.insert(term);
  }
  return terms;
}

TEST_CASE("analyze: the stems of every corpus body are the terms the indexer makes",
          "[analysis][analyze]") {
  const auto chain = test::loaded_chain();
  DocumentBuilder builder(*chain);
  std::ifstream in(test::corpus_dir() + "/articles.jsonl");
  std::string line;
  int articles = 0;
  while (std::getline(in, line)) {
    const auto json = nlohmann::json::parse(line);
    Record record;
    record.id = json.at("id").get<std::string>();
    record.body = json.at("body").get<std::string>();
    std::set<std::string> analyzed;
    for (const AnalyzedToken& t : analyze(*chain, record.body)) analyzed.insert("Z" + t.stem);
    INFO("article " << record.id);
    CHECK(analyzed == stem_terms(builder.build(record).document));
    ++articles;
  }
  CHECK(articles == 48);
}

TEST_CASE("analyze: offsets, normalized forms and words the tokenizer drops",
          "[analysis][analyze]") {
  const auto chain = test::loaded_chain();
  const std::string text = "«بِالأُمَمِ» ـــ ٢٠٢٣";
  const auto tokens = analyze(*chain, text);
  REQUIRE(tokens.size() == 2);  // the tatweel run alone gives no token
  CHECK(tokens[0].written == "بِالأُمَمِ");
  CHECK(text.substr(tokens[0].start, tokens[0].end - tokens[0].start) == tokens[0].written);
  CHECK(tokens[0].normalized == "بالامم");
  CHECK(tokens[0].stem == chain->stem("الأمم"));
  CHECK(tokens[1].written == "٢٠٢٣");
  CHECK(tokens[1].normalized == "2023");
  CHECK(tokens[1].position == 2);
  CHECK(analyze(*chain, "").empty());
}

}  // namespace
}  // namespace fahras
