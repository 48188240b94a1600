#include "query/output/formatter.h"

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace fahras {
namespace {

using nlohmann::json;

Hit make_hit(unsigned rank, double score, const std::string& id, const std::string& title) {
  Hit hit;
  hit.rank = rank;
  hit.score = score;
  hit.docid = rank;
  hit.id = id;
  hit.title = title;
  hit.body = "نص الخبر الكامل";
  hit.date = "2023-05-01";
  hit.source = "wafa";
  hit.url = "https://example.org/" + id;
  hit.category = "سياسة";
  hit.snippet = {{"…قال ", false}, {"الرئيس", true}, {" في\nالمؤتمر", false}};
  return hit;
}

SearchResult make_result(const std::string& query_id = "1") {
  SearchResult result;
  result.query_id = query_id;
  result.query = "الرئيس";
  result.estimate = 12;
  result.hits.push_back(make_hit(1, 12.5, "doc-a", "عنوان أول"));
  result.hits.push_back(make_hit(2, 7.25, "doc-b", "عنوان ثان"));
  return result;
}

SearchResult empty_result() {
  SearchResult result;
  result.query_id = "7";
  result.query = "لا شيء";
  return result;
}

// Everything a formatter writes for `results`, in single or batch mode.
std::string format(const OutputOptions& options, const std::vector<SearchResult>& results,
                   bool batch = false) {
  std::ostringstream out;
  auto formatter = make_formatter(out, options);
  formatter->begin(batch);
  for (const SearchResult& result : results) formatter->write(result);
  formatter->end();
  return out.str();
}

OutputOptions with_format(Format format) {
  OutputOptions options;
  options.format = format;
  return options;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> columns_of(const std::string& line) {
  std::vector<std::string> columns;
  std::istringstream in(line);
  for (std::string column; in >> column;) columns.push_back(column);
  return columns;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("parse_format accepts the five format names", "[formatter]") {
  CHECK(parse_format("text") == Format::kText);
  CHECK(parse_format("json") == Format::kJson);
  CHECK(parse_format("jsonl") == Format::kJsonl);
  CHECK(parse_format("ids") == Format::kIds);
  CHECK(parse_format("trec") == Format::kTrec);
}

TEST_CASE("parse_format rejects other names, listing the accepted ones", "[formatter]") {
  CHECK_THROWS_WITH(parse_format("xml"),
                    "unknown format 'xml': expected text, json, jsonl, ids or trec");
  CHECK_THROWS_AS(parse_format(""), std::invalid_argument);
  CHECK_THROWS_AS(parse_format("JSON"), std::invalid_argument);
}

TEST_CASE("json writes one object with every field", "[formatter]") {
  const json doc = json::parse(format(with_format(Format::kJson), {make_result()}));
  REQUIRE(doc.is_object());
  CHECK(doc["query_id"] == "1");
  CHECK(doc["query"] == "الرئيس");
  CHECK(doc["estimate"] == 12);
  REQUIRE(doc["hits"].size() == 2);
  const json& hit = doc["hits"][0];
  CHECK(hit["rank"] == 1);
  CHECK(hit["id"] == "doc-a");
  CHECK(hit["score"].get<double>() == Approx(12.5));
  CHECK(hit["title"] == "عنوان أول");
  CHECK(hit["date"] == "2023-05-01");
  CHECK(hit["source"] == "wafa");
  CHECK(hit["url"] == "https://example.org/doc-a");
  CHECK(hit["category"] == "سياسة");
  CHECK(hit["snippet"] == "…قال <mark>الرئيس</mark> في\nالمؤتمر");
  CHECK(doc["hits"][1]["rank"] == 2);
}

TEST_CASE("json keeps empty fields and empty hit lists", "[formatter]") {
  SearchResult result = make_result();
  Hit& hit = result.hits[0];
  hit.title = hit.date = hit.source = hit.url = hit.category = "";
  hit.snippet.clear();
  const json doc = json::parse(format(with_format(Format::kJson), {result, empty_result()},
                                      /*batch=*/true));
  const json& fields = doc[0]["hits"][0];
  for (const char* name : {"title", "date", "source", "url", "category", "snippet"}) {
    INFO(name);
    REQUIRE(fields.contains(name));
    CHECK(fields[name] == "");
  }
  CHECK(doc[1]["hits"] == json::array());
}

TEST_CASE("json in batch mode is an array of one object per query", "[formatter]") {
  const std::string text =
      format(with_format(Format::kJson), {make_result("q1"), empty_result()}, /*batch=*/true);
  const json doc = json::parse(text);
  REQUIRE(doc.is_array());
  REQUIRE(doc.size() == 2);
  CHECK(doc[0]["query_id"] == "q1");
  CHECK(doc[0]["hits"].size() == 2);
  CHECK(doc[1]["query_id"] == "7");
  CHECK(json::parse(format(with_format(Format::kJson), {}, /*batch=*/true)) == json::array());
}

TEST_CASE("json replaces invalid UTF-8 rather than throwing", "[formatter]") {
  SearchResult result = make_result();
  result.query = "bad \xff byte";
  std::string text;
  REQUIRE_NOTHROW(text = format(with_format(Format::kJson), {result}));
  CHECK(json::parse(text)["query"] == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("jsonl writes one compact object per hit", "[formatter]") {
  const std::string text =
      format(with_format(Format::kJsonl), {make_result("q1"), empty_result(), make_result("q2")},
             /*batch=*/true);
  const std::vector<std::string> lines = lines_of(text);
  REQUIRE(lines.size() == 4);
  std::vector<json> docs;
  for (const std::string& line : lines) docs.push_back(json::parse(line));
  CHECK(docs[0]["query_id"] == "q1");
  CHECK(docs[0]["query"] == "الرئيس");
  CHECK(docs[0]["rank"] == 1);
  CHECK(docs[0]["id"] == "doc-a");
  CHECK(docs[0]["score"].get<double>() == Approx(12.5));
  CHECK(docs[0]["title"] == "عنوان أول");
  CHECK(docs[0]["date"] == "2023-05-01");
  CHECK(docs[0]["source"] == "wafa");
  CHECK(docs[0]["url"] == "https://example.org/doc-a");
  CHECK(docs[0]["category"] == "سياسة");
  CHECK(docs[0]["snippet"] == "…قال <mark>الرئيس</mark> في\nالمؤتمر");
  CHECK(docs[1]["id"] == "doc-b");
  CHECK(docs[2]["query_id"] == "q2");
}

TEST_CASE("ids writes one id per line", "[formatter]") {
  CHECK(format(with_format(Format::kIds), {make_result(), empty_result()}) == "doc-a\ndoc-b\n");
}

TEST_CASE("trec writes the six columns of a run", "[formatter]") {
  OutputOptions options = with_format(Format::kTrec);
  options.run_tag = "bm25";
  const std::vector<std::string> lines = lines_of(format(options, {make_result("301")}));
  REQUIRE(lines.size() == 2);
  CHECK(columns_of(lines[0]) ==
        std::vector<std::string>{"301", "Q0", "doc-a", "1", "12.500000", "bm25"});
  CHECK(columns_of(lines[1]) ==
        std::vector<std::string>{"301", "Q0", "doc-b", "2", "7.250000", "bm25"});
}

TEST_CASE("trec prints scores precisely enough to keep the ranking", "[formatter]") {
  SearchResult result = make_result();
  result.hits[0].score = 3.0000001;
  result.hits[1].score = 3.0;  // the same as the first to six decimals
  const std::vector<std::string> lines =
      lines_of(format(with_format(Format::kTrec), {result}));
  REQUIRE(lines.size() == 2);
  const std::string first = columns_of(lines[0])[4], second = columns_of(lines[1])[4];
  CHECK(first != second);
  CHECK(std::stod(first) > std::stod(second));
}

TEST_CASE("text shows a header and a block per hit", "[formatter]") {
  const std::string text = format(OutputOptions{}, {make_result()});
  const std::vector<std::string> lines = lines_of(text);
  REQUIRE(lines.size() == 9);
  CHECK(lines[0] == "About 12 results for «الرئيس»");
  CHECK(lines[1].empty());
  CHECK(lines[2] == "1. doc-a  عنوان أول");
  CHECK(lines[3] == "   2023-05-01 · wafa");
  CHECK(lines[4] == "   …قال الرئيس في المؤتمر");  // newline collapsed, match unmarked
  CHECK(lines[5].empty());
  CHECK(lines[6] == "2. doc-b  عنوان ثان");
  CHECK(lines[8] == "   …قال الرئيس في المؤتمر");
  CHECK_FALSE(contains(text, "\x1b"));
}

TEST_CASE("text highlights matches in color only when asked", "[formatter]") {
  OutputOptions options;
  options.color = true;
  const std::string text = format(options, {make_result()});
  CHECK(contains(text, "   …قال \x1b[1;33mالرئيس\x1b[0m في المؤتمر\n"));
  CHECK_FALSE(contains(format(OutputOptions{}, {make_result()}), "\x1b["));
}

TEST_CASE("text falls back to the body's opening words without a title", "[formatter]") {
  SearchResult result = make_result();
  result.hits[0].title = "";
  result.hits[0].body = "one two three four five six\nseven eight nine ten eleven twelve thirteen";
  result.hits[1].title = "";
  result.hits[1].body = "  جملة   قصيرة ";
  const std::vector<std::string> lines = lines_of(format(OutputOptions{}, {result}));
  CHECK(lines[2] ==
        "1. doc-a  one two three four five six seven eight nine ten eleven twelve…");
  CHECK(lines[6] == "2. doc-b  جملة قصيرة");
}

TEST_CASE("text leaves out the date and source line when both are missing", "[formatter]") {
  SearchResult result = make_result();
  result.hits[0].date = "";
  result.hits[1].date = result.hits[1].source = "";
  const std::vector<std::string> lines = lines_of(format(OutputOptions{}, {result}));
  REQUIRE(lines.size() == 8);
  CHECK(lines[3] == "   wafa");
  CHECK(lines[6] == "2. doc-b  عنوان ثان");
  CHECK(lines[7] == "   …قال الرئيس في المؤتمر");
}

TEST_CASE("text says so when there are no results", "[formatter]") {
  CHECK(format(OutputOptions{}, {empty_result()}) == "No results for «لا شيء»\n");
}

TEST_CASE("text in batch mode prefixes headers with the query id", "[formatter]") {
  const std::string text =
      format(OutputOptions{}, {make_result("q1"), empty_result()}, /*batch=*/true);
  const std::vector<std::string> lines = lines_of(text);
  CHECK(lines.front() == "[q1] About 12 results for «الرئيس»");
  CHECK(lines.back() == "[7] No results for «لا شيء»");
  CHECK(lines[lines.size() - 2].empty());
}

TEST_CASE("text keeps control characters out of the terminal", "[formatter]") {
  SearchResult result = make_result();
  result.hits[0].title = "evil\x1b[2Jtitle\r\nend";
  const std::string text = format(OutputOptions{}, {result});
  CHECK_FALSE(contains(text, "\x1b"));
  CHECK(contains(text, "1. doc-a  evil[2Jtitle end\n"));
}

}  // namespace
}  // namespace fahras
