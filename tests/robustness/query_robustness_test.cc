// The real fahras-query never crashes: any byte string as a query, any
// --limit/--offset, in every output format, gives results or a clear error
// (exit 0, 1 or 2, never a signal) in bounded time.
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.h"
#include "tests/robustness/robustness_support.h"
#include "tests/support.h"

namespace fahras::test::robust {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using namespace std::string_literals;

// A hang is killed and reported. No other bound on time: a loaded machine
// or a sanitizer build may be many times slower.
constexpr double kLimitSeconds = 300;

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// Queries that have broken query parsers elsewhere. None holds '\n' or '\t'
// (they go through --batch).
std::vector<std::string> nasty_queries(bool with_long) {
  std::vector<std::string> q = {
      // invalid UTF-8
      "\xFF\xFE\xFD",
      "\xC3",
      "\xED\xA0\x80",
      "بيروت\xC0\xAF",
      "\xF4\x90\x80\x80 طهران",
      "\xE2\x80",
      "a\x01\x02\x1B[31mred\x7F",
      // punctuation, stopwords, marks only
      "!@#$%^&*()_+=[]{};:,./<>?؟،؛«»",
      "...",
      "؟",
      "في من إلى على عن",
      "و",
      "ال",
      "\xD9\x8B\xD9\x8B\xD9\x8B",
      "ـــــ",
      "\xE2\x80\x8F\xE2\x80\x8E\xE2\x80\x8B",
      "\xEF\xBB\xBF",
      // quotes and brackets
      "\"",
      "\"\"\"",
      "\"بيروت",
      "بيروت\"",
      "\" \"",
      "((((بيروت",
      "بيروت))))",
      ")(",
      "()",
      "(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((",
      "\"(\"",
      "«بيروت»",
      // wildcards and operators alone
      "*",
      "**",
      "بير*",
      "*بيروت",
      "?",
      "AND",
      "OR",
      "NOT",
      "XOR",
      "AND OR NOT",
      "+",
      "-",
      "+-+-",
      "NOT NOT NOT",
      "بيروت AND",
      "OR بيروت",
      "NEAR",
      "a NEAR b",
      "a NEAR/999999999 b",
      "a ADJ/0 b",
      "~بيروت",
      "+\"",
      "-\"\"",
      // fields and ranges
      "title:",
      "source:",
      "category:",
      "year:",
      "year:abcd",
      "year:99999999999999999999",
      "date:",
      "date:..",
      "..",
      "date:2023-13-45..2023-00-00",
      "date:9999-12-31..0001-01-01",
      "date:x..y",
      "date:2020",
      "date:..2020-01-01",
      "date:-1..-2",
      "source:\"\"",
      "title:\"بيروت",
      "title:(بيروت OR",
      "unknown:x",
      "source:(",
      "category:)",
      "Q:art-001",
      "XSOURCE:wafa",
      "title:title:title:",
  };
  if (with_long) {
    // Just under the limit of 8192 bytes, and over it.
    q.insert(q.end(), {repeat("ب", 4000), repeat("بيروت ", 700), repeat("a AND ", 1300) + "b",
                       repeat("NOT ", 2000), repeat("(", 4000) + repeat(")", 4000),
                       repeat("\"", 8001), repeat("title:", 1300), repeat("*", 8000),
                       repeat("date:..", 1100), repeat("-بيروت +طهران ", 300), repeat("a-", 4000),
                       repeat("\"a b\" ", 1300), repeat("a ", 50000), repeat("طاجيكستان ", 10000)});
  }
  std::mt19937 rng(20240229);
  for (int i = 0; i < 200; ++i) {
    std::string s(rng() % 60 + 1, ' ');
    for (auto& c : s) {
      do c = static_cast<char>(rng() & 0xFF);
      while (c == '\n' || c == '\t' || c == '\r');
    }
    q.push_back(s);
  }
  // Random mixes of query syntax and Arabic words.
  const std::vector<std::string> parts = {
      "بيروت", "طهران",  "AND",     "OR",    "NOT",   "(",  ")",          "\"",    "+", "-",
      "*",     "title:", "source:", "year:", "date:", "..", "2020-01-01", "الأمم", "في"};
  for (int i = 0; i < 200; ++i) {
    std::string s;
    for (unsigned k = rng() % 12 + 1; k > 0; --k)
      s += parts[rng() % parts.size()] + (rng() % 3 ? " " : "");
    q.push_back(s);
  }
  return q;
}

void check_outcome(const Outcome& o) {
  INFO(o.describe());
  CHECK(o.exited);
  CHECK(o.signal == 0);
  CHECK_FALSE(o.timed_out);
  CHECK((o.code == 0 || o.code == 1 || o.code == 2));
  if (o.code == 2) CHECK_THAT(o.err, StartsWith("fahras-query: "));
}

TEST_CASE("robustness: nasty queries in every format give results or a clear error",
          "[robustness]") {
  REQUIRE(e2e::shared_db().ok());
  const std::string& db = e2e::shared_db().path;
  TempDir tmp;
  std::string batch;
  std::string format;
  bool plain;
  std::tie(format, plain) = GENERATE(table<std::string, bool>({{"text", false},
                                                               {"json", false},
                                                               {"jsonl", false},
                                                               {"ids", false},
                                                               {"trec", false},
                                                               {"text", true},
                                                               {"json", true}}));
  // The long queries take a second or two to answer: in one format only.
  const auto queries = nasty_queries(format == "json");
  for (size_t i = 0; i < queries.size(); ++i) batch += std::to_string(i) + "\t" + queries[i] + "\n";

  std::vector<std::string> args = {"--db", db,        "--batch", "-",       "--format",
                                   format, "--limit", "5",       "--color", "always"};
  if (plain) args.push_back("--plain");
  INFO("format " << format << (plain ? " --plain" : ""));
  const Outcome o = run_bounded(tmp, query_tool(), args, batch, kLimitSeconds);
  check_outcome(o);
  if (format == "json") {
    // Whatever went wrong with one query, the output is one JSON array with
    // an answer for every query that could be read.
    const auto parsed = nlohmann::json::parse(o.out, nullptr, false);
    REQUIRE_FALSE(parsed.is_discarded());
    REQUIRE(parsed.is_array());
    CHECK(parsed.size() <= queries.size());
    CHECK(parsed.size() + e2e::lines_of(o.err).size() >= queries.size());
  }
  // Plain words can always be read: the only errors are the queries over
  // the length limit.
  if (plain) {
    for (const auto& line : e2e::lines_of(o.err)) CHECK_THAT(line, Contains(": too long ("));
  }
}

TEST_CASE("robustness: each nasty query on its own command line", "[robustness]") {
  REQUIRE(e2e::shared_db().ok());
  const std::string& db = e2e::shared_db().path;
  TempDir tmp;
  // A sample, as command-line arguments (a NUL cannot be one).
  const std::vector<std::string> queries = {
      "*",  "\"",  "((((", "AND",    "date:x..y", "\xFF\xFE",        "-",
      "--", "---", "-x",   "-بيروت", "",          repeat("a ", 4000)};
  for (const auto& q : queries) {
    INFO("query '" << q.substr(0, 50) << "'");
    const Outcome o = run_bounded(tmp, query_tool(), {"--db", db, "--format", "json", "--", q}, "",
                                  kLimitSeconds);
    check_outcome(o);
    if (o.code != 2) CHECK_FALSE(nlohmann::json::parse(o.out, nullptr, false).is_discarded());
  }
  // 100,000 characters: refused at once (in no more time than a one-word
  // query takes, start-up included), with a message that does not repeat them.
  const Outcome word =
      run_bounded(tmp, query_tool(), {"--db", db, "--", "بيروت"}, "", kLimitSeconds);
  REQUIRE(word.code == 0);
  const Outcome o =
      run_bounded(tmp, query_tool(), {"--db", db, "--", repeat("a ", 50000)}, "", kLimitSeconds);
  check_outcome(o);
  CHECK(o.code == 2);
  CHECK(o.err == "fahras-query: query 1: too long (100000 bytes; at most 8192)\n");
  INFO("refused in " << o.seconds << " s; a one-word query took " << word.seconds << " s");
  CHECK(o.seconds < 3 * word.seconds + 1);
}

TEST_CASE("robustness: a query that cannot be read is quoted short and without escapes",
          "[robustness]") {
  REQUIRE(e2e::shared_db().ok());
  const RunResult r = run(query_tool(), {"--db", e2e::shared_db().path,
                                         "\x1B]0;title\x07 AND " + repeat("طهران AND ", 300)});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("cannot read '?]0;title? AND طهران"));
  CHECK_THAT(r.err, Contains("…'"));
  CHECK(r.err.size() < 400);
  CHECK(r.err.find('\x1B') == std::string::npos);
}

TEST_CASE("robustness: a 100,000-character query, NUL bytes and CR in a batch", "[robustness]") {
  REQUIRE(e2e::shared_db().ok());
  const std::string& db = e2e::shared_db().path;
  TempDir tmp;
  std::string batch = "long\t" + repeat("طاجيكستان ", 10000) + "\n";  // 100,000 characters
  batch += "nul\tبيروت\0طهران\n"s;
  batch += "cr\tطهران\r\n";
  batch += "only-tab\t\n";
  batch += "\t\t\t\n";
  batch += "no-newline-at-end\t\"الأمم المتحدة\"";
  for (const bool plain : {false, true}) {
    std::vector<std::string> args = {"--db",     db,     "--batch", "-",
                                     "--format", "trec", "--limit", "3"};
    if (plain) args.push_back("--plain");
    const Outcome o = run_bounded(tmp, query_tool(), args, batch, kLimitSeconds);
    check_outcome(o);
    CHECK(o.code == 2);  // the long one is refused, the others answered
    CHECK(o.err == "fahras-query: query long: too long (190000 bytes; at most 8192)\n");
    CHECK_THAT(o.out, Contains("nul Q0 "));
    CHECK_THAT(o.out, Contains("cr Q0 "));
    CHECK_THAT(o.out, Contains("no-newline-at-end Q0 "));
  }
}

TEST_CASE("robustness: huge, negative and odd --limit and --offset", "[robustness]") {
  REQUIRE(e2e::shared_db().ok());
  const std::string& db = e2e::shared_db().path;
  TempDir tmp;
  struct Case {
    std::vector<std::string> args;
    int status;  // expected exit status
    const char* says;
  };
  const std::vector<Case> cases = {
      {{"--limit", "1000000000", "طهران"}, 0, ""},
      {{"--limit", "2147483647", "--offset", "2147483647", "طهران"}, 0, ""},
      {{"--limit", "1000000000", "--offset", "1000000000", "date:.."}, 0, ""},
      {{"--limit", "0", "طهران"}, 0, ""},
      {{"--offset", "-1", "طهران"}, 2, "--offset must be 0 or more"},
      {{"--limit", "-5", "طهران"}, 2, "--limit must be 0 or more"},
      {{"--limit", "99999999999", "طهران"}, 2, "--limit"},
      {{"--offset", "-99999999999999999999", "طهران"}, 2, "--offset"},
      {{"--limit", "ten", "طهران"}, 2, "--limit"},
      {{"--limit", "", "طهران"}, 2, "--limit"},
      {{"--limit", "1e9", "طهران"}, 2, "--limit"},
  };
  for (const auto& c : cases) {
    for (const char* format : {"text", "json", "ids"}) {
      std::vector<std::string> args = {"--db", db, "--format", format};
      args.insert(args.end(), c.args.begin(), c.args.end());
      INFO("args: " << nlohmann::json(args).dump());
      const Outcome o = run_bounded(tmp, query_tool(), args, "", kLimitSeconds);
      check_outcome(o);
      CHECK(o.code == c.status);
      CHECK_THAT(o.err, Contains(c.says));
    }
  }
  // A huge --limit gives every match, once.
  const auto all = e2e::ids(db, "date:..", {"--limit", "1000000000"});
  CHECK(all.size() == 49);
  CHECK(std::set<std::string>(all.begin(), all.end()).size() == 49);
}

TEST_CASE("robustness: a query that starts with '-' is told to go after --", "[robustness]") {
  REQUIRE(e2e::shared_db().ok());
  const std::string& db = e2e::shared_db().path;
  const RunResult r = run(query_tool(), {"--db", db, "-طهران"});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("goes after '--'"));
  const RunResult ok = run(query_tool(), {"--db", db, "--format", "ids", "--", "-طهران", "بيروت"});
  CHECK((ok.status == 0 || ok.status == 1));
}

TEST_CASE("robustness: --batch given a directory is an error", "[robustness]") {
  REQUIRE(e2e::shared_db().ok());
  TempDir tmp;
  const RunResult r = run(query_tool(), {"--db", e2e::shared_db().path, "--batch", tmp.path()});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("cannot read batch file " + tmp.path()));
}

}  // namespace
}  // namespace fahras::test::robust
