// Tests of common/date: a record's date, the index's digits, a query's dates
// and days counted from the epoch.
#include "common/date.h"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>

namespace fahras {
namespace {

TEST_CASE("date: a record's calendar date, from a date or an ISO 8601 date-time", "[date]") {
  CHECK(date::calendar_date("2023-05-17") == "2023-05-17");
  CHECK(date::calendar_date("2023-05-17T10:00:00Z") == "2023-05-17");
  CHECK(date::calendar_date("2023-05-17T23:30:00+03:00") == "2023-05-17");
  CHECK(date::calendar_date("2023-05-17 10:00") == "2023-05-17");
  CHECK(date::calendar_date("2023-05-17T10:00:00.250-0500") == "2023-05-17");
  CHECK(date::calendar_date("2024-02-29") == "2024-02-29");  // leap year
  CHECK(date::calendar_date("2023-02-29").empty());
  CHECK(date::calendar_date("2100-02-29").empty());
  CHECK(date::calendar_date("0000-01-01").empty());
  CHECK(date::calendar_date("2023-13-01").empty());
  CHECK(date::calendar_date("2023-5-17").empty());
  CHECK(date::calendar_date("2023-05-17T25:00").empty());
  CHECK(date::calendar_date("2023-05-17T10:00+3").empty());
  CHECK(date::calendar_date("2023-05-17x").empty());
  CHECK(date::calendar_date("yesterday").empty());
  CHECK(date::calendar_date("").empty());
}

TEST_CASE("date: the index's digits of a day, its month and its year", "[date]") {
  CHECK(date::day_value("2023-05-01") == "20230501");
  CHECK(date::day_value("2023-05-1").empty());
  CHECK(date::day_value("2023/05/01").empty());
  CHECK(date::day_value("2023-0a-01").empty());
  CHECK(date::month_of("20230501") == "202305");
  CHECK(date::year_of("20230501") == "2023");
  CHECK(date::dashed("20230517") == "2023-05-17");
  CHECK(date::dashed("") == "");
  CHECK(date::dashed("2023") == "2023");
}

TEST_CASE("date: days since the epoch", "[date]") {
  CHECK(date::days_since_epoch("19700101") == 0);
  CHECK(date::days_since_epoch("19700102") == 1);
  CHECK(date::days_since_epoch("20000301") - date::days_since_epoch("20000228") == 2);  // leap
  CHECK(date::days_since_epoch("21000301") - date::days_since_epoch("21000228") == 1);  // not
  CHECK(date::days_since_epoch("20240905") == 19971);
  CHECK_THROWS_AS(date::days_since_epoch("2024-09-05"), std::invalid_argument);
  CHECK_THROWS_AS(date::days_since_epoch("2024090"), std::invalid_argument);
}

TEST_CASE("date: a query's year, month or day, and its first and last day", "[date]") {
  CHECK(date::query_date("2023") == "2023");
  CHECK(date::query_date("2023-05") == "202305");
  CHECK(date::query_date("2023-05-17") == "20230517");
  CHECK_FALSE(date::query_date("23"));
  CHECK_FALSE(date::query_date("2023-5"));
  CHECK_FALSE(date::query_date("2023-13"));
  CHECK_FALSE(date::query_date("2023-00"));
  CHECK_FALSE(date::query_date("2023-05-32"));
  CHECK(date::query_date("2023-12-31") == "20231231");
  CHECK_FALSE(date::query_date("2023-05-17T10:00"));
  CHECK_FALSE(date::query_date("20230517"));
  CHECK_FALSE(date::query_date(""));
  CHECK(date::first_day("2023") == "20230101");
  CHECK(date::last_day("2023") == "20231231");
  CHECK(date::first_day("202305") == "20230501");
  CHECK(date::last_day("202305") == "20230531");
  CHECK(date::last_day("202302") == "20230231");  // a bound, not a day
  CHECK(date::first_day("20230517") == "20230517");
  CHECK(date::last_day("20230517") == "20230517");
}

}  // namespace
}  // namespace fahras
