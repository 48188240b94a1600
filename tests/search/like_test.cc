// Tests for common/search/like: a query for the articles like a given one.
#include "common/search/like.h"

#include <catch2/catch.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "common/schema.h"
#include "tests/search/news_fixture.h"
#include "tests/support.h"

namespace fahras {
namespace {

TEST_CASE("like: the article's words find others, never the article itself", "[search][like]") {
  const Xapian::Database db(test::news_db());
  const Xapian::Query like = like_query(db, "beirut3", {});
  const std::set<std::string> ids = test::matching_ids(like);
  CHECK(ids.count("beirut3") == 0);
  CHECK(ids.count("beirut1") == 1);  // بيروت, الوزير, زار, مدينة...
  // Only stem terms of title and body: no title, filter or id term.
  for (auto t = like.get_terms_begin(); t != like.get_terms_end(); ++t) {
    const auto parsed = schema::parse_term(*t);
    REQUIRE(parsed);
    CHECK((parsed->kind == schema::TermKind::kStem || parsed->kind == schema::TermKind::kId));
  }
}

TEST_CASE("like: excluded terms and the number of terms are kept to", "[search][like]") {
  const Xapian::Database db(test::news_db());
  const std::string beirut =
      schema::term(schema::TermKind::kStem, test::loaded_chain()->stem("بيروت"));
  const Xapian::Query like = like_query(db, "beirut3", {beirut}, 3);
  std::set<std::string> stems;
  for (auto t = like.get_terms_begin(); t != like.get_terms_end(); ++t) {
    const auto parsed = schema::parse_term(*t);
    if (parsed && parsed->kind == schema::TermKind::kStem) stems.insert(*t);
  }
  CHECK(stems.size() <= 3);
  CHECK(stems.count(beirut) == 0);
}

TEST_CASE("like: an unknown article is an error naming it", "[search][like]") {
  const Xapian::Database db(test::news_db());
  CHECK_THROWS_WITH(like_query(db, "nowhere", {}), Catch::Contains("nowhere"));
  CHECK_THROWS_AS(like_query(db, "nowhere", {}), std::invalid_argument);
}

}  // namespace
}  // namespace fahras
