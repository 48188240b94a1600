// The copies of a collapsed hit (SearchOptions::collapse) in every output format.
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "query/output/formatter.h"

namespace fahras {
namespace {

using Catch::Matchers::Contains;

// Three hits: 3 copies, 1 copy, none; and a fourth from a search without collapse.
SearchResult collapsed_result() {
  SearchResult result;
  result.query_id = "1";
  result.query = "نجران";
  result.estimate = 4;
  const std::optional<Xapian::doccount> copies[] = {3, 1, 0, std::nullopt};
  for (unsigned i = 0; i < 4; ++i) {
    Hit hit;
    hit.rank = i + 1;
    hit.id = "doc-" + std::to_string(i + 1);
    hit.title = "عنوان " + std::to_string(i + 1);
    hit.copies = copies[i];
    result.hits.push_back(hit);
  }
  return result;
}

std::string format(Format format) {
  std::ostringstream out;
  OutputOptions options;
  options.format = format;
  auto formatter = make_formatter(out, options);
  formatter->begin(false);
  formatter->write(collapsed_result());
  formatter->end();
  return out.str();
}

TEST_CASE("text output shows the copies folded into a hit", "[collapse][formatter]") {
  const std::string text = format(Format::kText);
  CHECK_THAT(text, Contains("1. doc-1  عنوان 1  (+3 copies)\n"));
  CHECK_THAT(text, Contains("2. doc-2  عنوان 2  (+1 copy)\n"));
  CHECK_THAT(text, Contains("3. doc-3  عنوان 3\n"));
  CHECK_THAT(text, Contains("4. doc-4  عنوان 4\n"));
}

TEST_CASE("json and jsonl give copies only for a collapsed search", "[collapse][formatter]") {
  const auto object = nlohmann::json::parse(format(Format::kJson));
  REQUIRE(object["hits"].size() == 4);
  CHECK(object["hits"][0]["copies"] == 3);
  CHECK(object["hits"][1]["copies"] == 1);
  CHECK(object["hits"][2]["copies"] == 0);
  CHECK_FALSE(object["hits"][3].contains("copies"));

  std::istringstream lines(format(Format::kJsonl));
  std::string line;
  std::vector<nlohmann::json> hits;
  while (std::getline(lines, line)) hits.push_back(nlohmann::json::parse(line));
  REQUIRE(hits.size() == 4);
  CHECK(hits[0]["copies"] == 3);
  CHECK_FALSE(hits[3].contains("copies"));
}

}  // namespace
}  // namespace fahras
