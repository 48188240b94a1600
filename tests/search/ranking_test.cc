// Tests for common/search/ranking and facets: dates, the recency boost, names.
#include "common/search/ranking.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>
#include <string>

#include "common/search/facets.h"

namespace fahras {
namespace {

TEST_CASE("ranking: the recency boost halves every kRecencyHalfLifeDays", "[search][sort]") {
  CHECK(recency_boost("20240905", "20240905", 4.0) == 4.0);
  CHECK(recency_boost("20240607", "20240905", 4.0) == Approx(2.0));  // 90 days
  CHECK(recency_boost("20230907", "20240905", 4.0) == Approx(4.0 * std::pow(0.5, 364 / 90.0)));
  CHECK(recency_boost("", "20240905", 4.0) == 0);
  CHECK(kRecencyHalfLifeDays == 90);
}

TEST_CASE("ranking and facets: names", "[search][sort][facets]") {
  CHECK(parse_sort("relevance") == SortOrder::kRelevance);
  CHECK(parse_sort("date") == SortOrder::kDate);
  CHECK(parse_sort("recency") == SortOrder::kRecency);
  CHECK_THROWS_AS(parse_sort("newest"), std::invalid_argument);
  for (const char* name : {"source", "category", "year", "month"}) {
    CHECK(std::string(facet_name(parse_facet(name))) == name);
  }
  CHECK_THROWS_AS(parse_facet("author"), std::invalid_argument);
}

}  // namespace
}  // namespace fahras
