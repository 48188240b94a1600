// Tests for common/search/facets: counts of every match by source, category,
// year, month and day, on the news fixture.
#include "common/search/facets.h"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/schema.h"
#include "tests/search/news_fixture.h"

namespace fahras {
namespace {

using Counts = std::vector<std::pair<std::string, Xapian::doccount>>;

// The counts of `facets` over the articles `query` matches.
std::vector<Counts> counted(const Xapian::Query& query, const std::vector<Facet>& facets) {
  const Xapian::Database db(test::news_db());
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  FacetCounter counter(facets);
  counter.attach(enquire);
  enquire.get_mset(0, 0, db.get_doccount());
  std::vector<Counts> out;
  for (const FacetCounts& facet : counter.counts()) {
    Counts values;
    for (const FacetValue& v : facet.values) values.emplace_back(v.value, v.count);
    out.push_back(values);
  }
  return out;
}

TEST_CASE("facets: names read and written back", "[search][facets]") {
  for (const char* name : {"source", "category", "year", "month", "day"}) {
    CHECK(std::string(facet_name(parse_facet(name))) == name);
  }
  CHECK_THROWS_WITH(parse_facet("url"), Catch::Contains("source, category, year, month or day"));
}

TEST_CASE("facets: sources by count then value; years, months and days newest first",
          "[search][facets]") {
  const auto all =
      counted(Xapian::Query::MatchAll, {Facet::kSource, Facet::kYear, Facet::kMonth, Facet::kDay});
  REQUIRE(all.size() == 4);
  CHECK(all[0] == Counts{{"Reuters", 3}, {"BBC Arabic", 2}, {"الجزيرة", 2}});
  CHECK(all[1] == Counts{{"2022", 1}, {"2021", 2}, {"2020", 3}, {"2019", 1}});
  CHECK(all[2].front() == std::make_pair(std::string("202205"), Xapian::doccount{1}));
  CHECK(all[2].size() == 7);
  CHECK(all[3].back() == std::make_pair(std::string("20191231"), Xapian::doccount{1}));
}

TEST_CASE("facets: counted over the matches only, each facet once", "[search][facets]") {
  const auto some = counted(Xapian::Query(schema::id_term("beirut3")),
                            {Facet::kCategory, Facet::kCategory, Facet::kSource});
  REQUIRE(some.size() == 2);
  CHECK(some[0] == Counts{{"سياسة", 1}});
  CHECK(some[1] == Counts{{"الجزيرة", 1}});
}

}  // namespace
}  // namespace fahras
