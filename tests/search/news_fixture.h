// A small database shared by the tests of common/search: seven hand-written
// articles (Arabic and one English), indexed once per test run.
//
// beirut3 and beirut1 have the same length; beirut3 says بيروت three times.
// un_phrase has "بالأمم المتحدة"; un_far has الأمم and المتحدة five words apart.
// title_tehran has طهران in its title only, body_tehran in its (vocalized) body only.
// Dates: beirut3 2020-02-10, beirut1 2021-06-01, un_phrase 2020-09-22,
// un_far 2019-12-31, title_tehran 2020-12-31, body_tehran 2021-01-01,
// english 2022-05-05. Sources: الجزيرة (beirut3, un_far), Reuters (beirut1,
// un_phrase, english), BBC Arabic (title_tehran, body_tehran).
#pragma once

#include <set>
#include <string>

#include <xapian.h>

namespace fahras::test {

// The articles, as JSON Lines.
extern const char* const kNewsCorpus;

// The path of the database of kNewsCorpus, built on first use.
const std::string& news_db();

// The ids of the articles of news_db() that `query` matches.
std::set<std::string> matching_ids(const Xapian::Query& query);

}  // namespace fahras::test
