#include "common/date.h"

#include <stdexcept>

namespace fahras::date {
namespace {

int days_in_month(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return kDays[month - 1];
}

// Whether `s` holds `pattern`, where '9' stands for any ASCII digit and any
// other character for itself.
bool matches(std::string_view s, std::string_view pattern) {
  if (s.size() != pattern.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool digit = s[i] >= '0' && s[i] <= '9';
    if (pattern[i] == '9' ? !digit : s[i] != pattern[i]) return false;
  }
  return true;
}

int number_at(std::string_view s, size_t at, size_t length) {
  int v = 0;
  for (size_t i = at; i < at + length; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// True for a real calendar date written YYYY-MM-DD (years 0001..9999).
bool is_valid_date(std::string_view s) {
  if (!matches(s, "9999-99-99")) return false;
  const int year = number_at(s, 0, 4), month = number_at(s, 5, 2), day = number_at(s, 8, 2);
  if (year < 1 || month < 1 || month > 12) return false;
  return day >= 1 && day <= days_in_month(year, month);
}

// True for an ISO 8601 time of day with an optional zone: HH:MM, HH:MM:SS or
// HH:MM:SS.fraction, then nothing, Z, +HH:MM, -HH:MM, +HHMM or +HH.
bool is_valid_time(std::string_view s) {
  if (s.size() < 5 || !matches(s.substr(0, 5), "99:99")) return false;
  if (number_at(s, 0, 2) > 24 || number_at(s, 3, 2) > 59) return false;
  size_t at = 5;
  if (s.size() >= 8 && s[5] == ':') {
    if (!matches(s.substr(5, 3), ":99") || number_at(s, 6, 2) > 60) return false;
    at = 8;
    if (at < s.size() && (s[at] == '.' || s[at] == ',')) {
      const size_t digits = s.find_first_not_of("0123456789", at + 1);
      const size_t end = digits == std::string_view::npos ? s.size() : digits;
      if (end == at + 1) return false;
      at = end;
    }
  }
  const std::string_view zone = s.substr(at);
  return zone.empty() || zone == "Z" || zone == "z" || matches(zone, "+99:99") ||
         matches(zone, "-99:99") || matches(zone, "+9999") || matches(zone, "-9999") ||
         matches(zone, "+99") || matches(zone, "-99");
}

}  // namespace

std::string calendar_date(std::string_view s) {
  const std::string_view date = s.substr(0, 10);
  if (!is_valid_date(date)) return {};
  if (s.size() == date.size()) return std::string(date);
  if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !is_valid_time(s.substr(11))) return {};
  return std::string(date);
}

std::string day_value(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return "";
  std::string value;
  for (size_t i = 0; i < date.size(); ++i) {
    if (i == 4 || i == 7) continue;
    if (date[i] < '0' || date[i] > '9') return "";
    value += date[i];
  }
  return value;
}

std::string month_of(const std::string& day) { return day.substr(0, 6); }

std::string year_of(const std::string& day_or_month) { return day_or_month.substr(0, 4); }

std::string dashed(const std::string& day) {
  if (day.size() != 8) return day;
  return day.substr(0, 4) + "-" + day.substr(4, 2) + "-" + day.substr(6, 2);
}

long days_since_epoch(const std::string& day) {
  if (day.size() != 8 || day.find_first_not_of("0123456789") != std::string::npos) {
    throw std::invalid_argument("not a YYYYMMDD date: '" + day + "'");
  }
  // Howard Hinnant's days_from_civil.
  long y = std::stol(day.substr(0, 4));
  const long m = std::stol(day.substr(4, 2)), d = std::stol(day.substr(6, 2));
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<std::string> query_date(std::string_view text) {
  for (std::string_view shape : {"9999", "9999-99", "9999-99-99"}) {
    if (!matches(text, shape)) continue;
    std::string digits;
    for (char c : text) {
      if (c != '-') digits += c;
    }
    // A month 01 to 12 and a day 01 to 31 (date:2023-13 is a mistake to
    // report, not a month that matches nothing).
    if (digits.size() >= 6 && (digits.compare(4, 2, "01") < 0 || digits.compare(4, 2, "12") > 0)) {
      return std::nullopt;
    }
    if (digits.size() == 8 && (digits.compare(6, 2, "01") < 0 || digits.compare(6, 2, "31") > 0)) {
      return std::nullopt;
    }
    return digits;
  }
  return std::nullopt;
}

std::string first_day(const std::string& digits) {
  return digits + std::string("0101").substr(digits.size() - 4);
}

std::string last_day(const std::string& digits) {
  return digits + std::string("1231").substr(digits.size() - 4);
}

}  // namespace fahras::date
