// Tests for common/analysis/analyze: --analyze shows the terms indexing makes.
#include "common/analysis/analyze.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "common/index/document_builder.h"
#include "common/schema.h"
#include "tests/support.h"

namespace fahras {
namespace {

// The stems of the text stem terms (Z, not ZS) of `doc`.
std::set<std::string> stem_terms(const Xapian::Document& doc) {
  std::set<std::string> stems;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    const auto parsed = schema::parse_term(term);
    if (parsed && parsed->kind == schema::TermKind::kStem) stems.insert(std::string(parsed->value));
  }
  return stems;
}

TEST_CASE("analyze: the stems of every corpus body are the terms the indexer makes",
          "[analysis][analyze]") {
  const auto chain = test::loaded_chain();
  DocumentBuilder builder(*chain);
  int articles = 0;
  for (Record record : test::corpus_records()) {
    record.title.clear();  // the body's terms alone
    std::set<std::string> analyzed;
    for (const AnalyzedToken& t : analyze(*chain, record.body)) analyzed.insert(t.stem);
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
