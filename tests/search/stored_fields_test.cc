// stored_fields against reading the fields from nlohmann's parse, the way
// they were read before: the same fields for the data the indexer writes and
// for any other text, JSON or not.
#include "common/search/stored_fields.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "common/index/document_builder.h"
#include "tests/support.h"

namespace fahras {
namespace {

std::string reference_field(const nlohmann::json& data, const char* name) {
  auto it = data.find(name);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Article reference_fields(const std::string& data) {
  const auto json = nlohmann::json::parse(data, nullptr, false);
  Article a;
  a.title = reference_field(json, "title");
  a.body = reference_field(json, "body");
  a.date = reference_field(json, "date");
  a.source = reference_field(json, "source");
  a.url = reference_field(json, "url");
  a.category = reference_field(json, "category");
  return a;
}

// Checks that stored_fields reads `data` as `want` (whose id is not read).
void check_fields(const std::string& data, const Article& want) {
  INFO("data: " << data.substr(0, 300));
  const Article got = stored_fields(data);
  CHECK(got.id.empty());
  CHECK(got.title == want.title);
  CHECK(got.body == want.body);
  CHECK(got.date == want.date);
  CHECK(got.source == want.source);
  CHECK(got.url == want.url);
  CHECK(got.category == want.category);
}

void check_same(const std::string& data) { check_fields(data, reference_fields(data)); }

TEST_CASE("stored_fields reads back the fields of every corpus/ article", "[stored_fields]") {
  const std::vector<Record> records = test::corpus_records();
  REQUIRE(records.size() > 10);
  for (const Record& r : records) {
    check_fields(DocumentBuilder::data(r),
                 {"", r.title, r.body, r.date, r.source, r.url, r.category});
  }
}

TEST_CASE("stored_fields escapes and control characters as the indexer writes them",
          "[stored_fields]") {
  Record r;
  r.title = "a \"quoted\" \\ title\twith\ttabs";
  r.body = std::string("line\none\r\n\b\f\x01\x1f\x7f end \xD8\xA8 \xF0\x9F\x98\x80 \xEF\xBF\xBF");
  r.url = "https://example.com/a/b?c=d";
  r.source = "";
  const std::string data = DocumentBuilder::data(r);
  const Article a = stored_fields(data);
  CHECK(a.title == r.title);
  CHECK(a.body == r.body);
  CHECK(a.url == r.url);
  check_same(data);
}

TEST_CASE("stored_fields gives nlohmann's fields for any text", "[stored_fields]") {
  const std::vector<std::string> texts = {
      R"({"title":"t","body":"b","date":"d","source":"s","url":"u","category":"c"})",
      " \t\r\n{ \"title\" : \"t\" , \"body\":\"b\"\n}\n ",
      R"({})",
      R"( { } )",
      R"({"url":"http:\/\/x.org\/a"})",
      R"({"title":"\u00e9\u0000x","body":"\ud83d\ude00"})",
      R"({"title":"\ud83d"})",                        // a lone surrogate
      R"({"tit\u006ce":"escaped name","body":"b"})",  // a name with \u
      R"({"title":"first","title":"second"})",
      R"({"title":"first","title":2})",
      R"({"title":2,"title":"second"})",
      R"({"title":null,"body":true,"date":false,"source":1.5,"url":[],"category":{}})",
      R"({"title":"t","extra":{"a":["b",1,null]},"body":"b"})",
      R"({"title":"t","body":"b",})",
      R"({"title":"t","body":"b"} x)",
      R"({"title":"t","body":"b"}{})",
      R"({"title":"t")",
      R"({"title":"t)",
      R"({"title" "t"})",
      R"({"title":"t" "body":"b"})",
      R"({,"title":"t"})",
      R"({"title":"\x"})",
      R"({"title":"\)",
      R"(["title","t"])",
      R"("title")",
      R"(null)",
      "",
      "   ",
      "\xEF\xBB\xBF{\"title\":\"after a byte order mark\"}",
      "{\"title\":\"raw\ttab\"}",
      "{\"title\":\"raw\nnewline\"}",
      std::string("{\"title\":\"nul\0inside\"}", 22),
      "{\"title\":\"bad \xFF byte\"}",
      "{\"title\":\"cut \xD8\"}",
      "{\"title\":\"overlong \xC0\xAF\"}",
      "{\"title\":\"surrogate \xED\xA0\x80\"}",
      "{\"title\":\"beyond \xF4\x90\x80\x80\"}",
      "{\"title\":\"ok\",\"other\":\"bad \xFF byte\"}",
      "{\"title\":\"ok\"}\xFF",
      "{\"title\":\"\xD8\xA8\xD9\x8A\xD8\xB1\xD9\x88\xD8\xAA\"}",
  };
  for (const std::string& text : texts) check_same(text);
}

TEST_CASE("stored_fields gives nlohmann's fields for damaged article data", "[stored_fields]") {
  const std::vector<Record> records = test::corpus_records();
  REQUIRE(!records.empty());
  std::mt19937 random(7);
  const std::string bytes = "{}[]:,\"\\/ \tnu0\xD8\xFF";
  for (size_t i = 0; i < 400; ++i) {
    std::string data = DocumentBuilder::data(records[i % records.size()]);
    for (int change = 0; change < 1 + static_cast<int>(i % 3); ++change) {
      const size_t at = random() % data.size();
      switch (random() % 3) {
        case 0:
          data[at] = bytes[random() % bytes.size()];
          break;
        case 1:
          data.erase(at, 1);
          break;
        default:
          data.insert(at, 1, bytes[random() % bytes.size()]);
      }
    }
    check_same(data);
  }
}

}  // namespace
}  // namespace fahras
