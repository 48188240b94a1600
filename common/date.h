// Dates: the one place that reads and writes them. A record's date is kept as
// YYYY-MM-DD (calendar_date); the index holds it as digits, YYYYMMDD for a
// day, YYYYMM for a month, YYYY for a year (common/schema.h); a query names a
// year, a month or a day (query_date).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fahras::date {

// The calendar date of `text`, YYYY-MM-DD (a real date, years 0001..9999), or
// "" if `text` is neither such a date nor an ISO 8601 date-time starting with
// one ('T' or a space before the time, an optional zone). The date is kept as
// written, whatever the zone.
std::string calendar_date(std::string_view text);

// "2023-05-01" → "20230501"; "" if `date` is not shaped YYYY-MM-DD (digits
// and dashes; the calendar is not checked).
std::string day_value(std::string_view date);

// The month (YYYYMM) of a day value (YYYYMMDD), and the year (YYYY) of a day
// or a month value.
std::string month_of(const std::string& day);
std::string year_of(const std::string& day_or_month);

// "20230517" → "2023-05-17"; any value not of 8 characters as it is.
std::string dashed(const std::string& day);

// Days from 1970-01-01 to `day` (YYYYMMDD); throws std::invalid_argument if
// `day` is not a date of that form.
long days_since_epoch(const std::string& day);

// The digits of a date as a query gives it, YYYY, YYYY-MM or YYYY-MM-DD:
// "2023", "202305" or "20230517"; nullopt for anything else, a month outside
// 01..12 or a day outside 01..31 included (the length of each month is not
// checked).
std::optional<std::string> query_date(std::string_view text);

// The first and the last day (YYYYMMDD) of the year, month or day whose
// digits query_date gave, as bounds in the order of strings: a month's last
// day is its 31st, whether it has one or not (20230231).
std::string first_day(const std::string& digits);
std::string last_day(const std::string& digits);

}  // namespace fahras::date
