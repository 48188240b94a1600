// Tests for common/search/query_builder: query text to a Xapian query, checked
// by the articles of the news fixture each query matches.
#include "common/search/query_builder.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "common/schema.h"
#include "tests/search/news_fixture.h"
#include "tests/support.h"

namespace fahras {
namespace {

using Ids = std::set<std::string>;

QueryBuilder& builder() {
  static const Xapian::Database db(test::news_db());
  static QueryBuilder b(*test::loaded_chain(), db);
  return b;
}

Ids matches(const std::string& text, bool plain = false) {
  return test::matching_ids(builder().parse(text, plain));
}

TEST_CASE("query builder: a word becomes its stem term, as the indexer writes it",
          "[search][query_builder]") {
  const Xapian::Query q = builder().parse("بيروت", false, false);
  const std::string stem_term =
      schema::term(schema::TermKind::kStem, test::loaded_chain()->stem("بيروت"));
  std::set<std::string> terms(q.get_terms_begin(), q.get_terms_end());
  CHECK(terms == std::set<std::string>{stem_term});
  CHECK(matches("بيروت") == Ids{"beirut3", "beirut1"});
  // Clitics and diacritics come off as they do in the index.
  CHECK(matches("وبِبَيْروت") == Ids{"beirut3", "beirut1"});
}

TEST_CASE("query builder: operators, phrases and fields", "[search][query_builder]") {
  CHECK(matches("بيروت AND دمشق") == Ids{"beirut1"});
  CHECK(matches("بيروت NOT دمشق") == Ids{"beirut3"});
  CHECK(matches("\"الأمم المتحدة\"") == Ids{"un_phrase"});
  CHECK(matches("title:طهران") == Ids{"title_tehran"});
  CHECK(matches("طهران source:\"BBC Arabic\"") == Ids{"title_tehran", "body_tehran"});
  CHECK(matches("category:دولي") == Ids{"un_phrase", "title_tehran"});
  CHECK(matches("id:english") == Ids{"english"});
}

TEST_CASE("query builder: dates by year, month, day and range", "[search][query_builder]") {
  CHECK(matches("date:2020") == Ids{"beirut3", "un_phrase", "title_tehran"});
  CHECK(matches("date:2020-09") == Ids{"un_phrase"});
  CHECK(matches("date:2021-01-01") == Ids{"body_tehran"});
  CHECK(matches("year:2021..2022") == Ids{"beirut1", "body_tehran", "english"});
  CHECK(matches("date:2020-12..2021-01") == Ids{"title_tehran", "body_tehran"});
  CHECK(matches("date:..2019") == Ids{"un_far"});
}

TEST_CASE("query builder: plain words take no operator, quote or field",
          "[search][query_builder]") {
  // AND is a word of the English article.
  CHECK(matches("بيروت AND دمشق", true) == Ids{"beirut3", "beirut1", "english"});
  CHECK(matches("\"الأمم المتحدة\"", true) == Ids{"un_phrase", "un_far"});
  CHECK(matches("title:طهران", true) == Ids{"title_tehran", "body_tehran"});
}

TEST_CASE("query builder: a prefix search, an unknown field, punctuation alone",
          "[search][query_builder]") {
  CHECK(matches("طهر*") == Ids{"title_tehran", "body_tehran"});
  std::vector<std::string> warnings;
  const Xapian::Query q = builder().parse("url:بيروت", false, true, &warnings);
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Catch::Contains("url"));
  CHECK(test::matching_ids(q) == Ids{"beirut3", "beirut1"});
  CHECK(builder().parse("!!! ... ؟", false).empty());
  CHECK(builder().parse("!!! ... ؟", true).empty());
}

TEST_CASE("query builder: what it cannot read throws a parser error", "[search][query_builder]") {
  CHECK_THROWS_AS(builder().parse("date:2020-13", false), Xapian::QueryParserError);
}

}  // namespace
}  // namespace fahras
