// End-to-end tests of did-you-mean and variant spellings with the real tools:
// fahras-index (--synonyms, --jobs 2) and fahras-query (text and JSON output,
// --no-suggest, --no-synonyms).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <fstream>
#include <string>

#include "tests/e2e/e2e_support.h"
#include "tests/e2e/tcp_server.h"
#include "tests/support.h"

namespace fahras::test::e2e {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using nlohmann::json;

TEST_CASE("fahras-query suggests a correction in text and JSON", "[e2e][spelling]") {
  REQUIRE(shared_db().ok());
  const std::string& db = shared_db().path;

  const RunResult text = query(db, {"طاجيكسان"});
  CHECK(text.status == 1);  // nothing found
  CHECK(lines_of(text.out) ==
        std::vector<std::string>{"No results for «طاجيكسان»", "Did you mean: «طاجيكستان»?"});

  // Found something, but one word is misspelled: the suggestion comes before the hits.
  const RunResult mixed = query(db, {"إيران", "طاجيكسان", "--limit", "1"});
  CHECK(mixed.status == 0);
  const auto mixed_lines = lines_of(mixed.out);
  REQUIRE(mixed_lines.size() >= 2);
  CHECK(mixed_lines[1] == "Did you mean: «إيران طاجيكستان»?");

  const RunResult js = query(db, {"--format", "json", "لطاجيكسان"});
  const json object = json::parse(js.out);
  CHECK(object.at("suggestion") == "لطاجيكستان");

  const RunResult correct = query(db, {"--format", "json", "طاجيكستان"});
  CHECK(correct.status == 0);
  CHECK_FALSE(json::parse(correct.out).contains("suggestion"));
  CHECK_THAT(query(db, {"طاجيكستان"}).out, !Contains("Did you mean"));

  const RunResult off = query(db, {"--no-suggest", "--format", "json", "طاجيكسان"});
  CHECK_FALSE(json::parse(off.out).contains("suggestion"));

  // JSON Lines: each hit carries the suggestion.
  const RunResult jsonl = query(db, {"--format", "jsonl", "إيران طاجيكسان", "--limit", "2"});
  for (const std::string& line : lines_of(jsonl.out)) {
    CHECK(json::parse(line).at("suggestion") == "إيران طاجيكستان");
  }
}

TEST_CASE("fahras-query matches variant spellings unless --no-synonyms", "[e2e][synonyms]") {
  REQUIRE(shared_db().ok());
  const std::string& db = shared_db().path;
  // art-006 writes طاجكستان, art-001 طاجيكستان.
  CHECK(id_set(db, "طاجيكستان").count("art-006"));
  CHECK(id_set(db, "طاجكستان").count("art-001"));
  CHECK_FALSE(id_set(db, "طاجيكستان", {"--no-synonyms"}).count("art-006"));
  CHECK_FALSE(id_set(db, "طاجكستان", {"--no-synonyms"}).count("art-001"));
  CHECK(id_set(db, "طاجكستان", {"--no-synonyms"}).count("art-006"));
}

TEST_CASE("fahras-index --synonyms adds a user's groups to every shard", "[e2e][synonyms]") {
  TempDir dir;
  // جمهورية is in the seed article; رمضان in articles of its own.
  const std::set<std::string> ramadan = id_set(shared_db().path, "رمضان");
  REQUIRE_FALSE(ramadan.empty());
  write_file(dir.file("mine.txt"), "# a test group\nجمهورية, رمضان\n");
  const RunResult indexed = run(index_tool(), {"--db", dir.file("db"), "--jobs", "2", "--synonyms",
                                               dir.file("mine.txt"), corpus_dir()});
  REQUIRE(indexed.status == 0);
  const auto found = id_set(dir.file("db"), "رمضان");
  CHECK(is_subset(ramadan, found));
  CHECK(found.count(kSeedId));
  CHECK_FALSE(id_set(dir.file("db"), "رمضان", {"--no-synonyms"}).count(kSeedId));
  // The shipped list is there too, and did-you-mean works across the two shards.
  CHECK(id_set(dir.file("db"), "طاجيكستان").count("art-006"));
  CHECK(json::parse(query(dir.file("db"), {"--format", "json", "طاجيكسان"}).out).at("suggestion") ==
        "طاجيكستان");
}

TEST_CASE("fahras-index reports a bad synonyms line with file:line", "[e2e][synonyms]") {
  TempDir dir;
  write_file(dir.file("bad.txt"), "بوتين, بوتن\nطاجيكستان\n");
  const RunResult r =
      run(index_tool(), {"--db", dir.file("db"), "--synonyms", dir.file("bad.txt"), corpus_dir()});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, StartsWith("fahras-index: " + dir.file("bad.txt") + ":2: "));
  CHECK_FALSE(std::filesystem::exists(dir.file("db")));  // nothing indexed
}

TEST_CASE("a remote shard suggests and expands with its tables, and fails without them",
          "[e2e][spelling]") {
  TempDir dir;
  REQUIRE(run(index_tool(), {"--db", dir.file("copy"), "--jobs", "1", corpus_dir()}).status == 0);
  // Its one shard served by xapian-tcpsrv, whose protocol carries neither
  // table: the tables database is opened where the indexer made it.
  std::ifstream stub(dir.file("copy/XAPIANDB"));
  std::string kind, shard;
  REQUIRE(stub >> kind >> shard);
  TcpServer server({dir.file("copy/" + shard)});
  const RunResult r = query(server.url(), {"--format", "json", "طاجيكسان"});
  CHECK(r.status == 1);
  CHECK(json::parse(r.out).at("suggestion") == "طاجيكستان");
  CHECK(id_set(server.url(), "طاجيكستان").count("art-006"));
  // Moved away, it must be given: a copy elsewhere will do.
  std::filesystem::rename(dir.file("copy/tables"), dir.file("tables-copy"));
  const RunResult missing = query(server.url(), {"طاجيكستان"});
  CHECK(missing.status == 2);
  CHECK(missing.out.empty());
  CHECK_THAT(missing.err, Contains(server.url()) && Contains(dir.file("copy/tables")) &&
                              Contains("synonym and spelling tables"));
  const RunResult given = run(query_tool(), {"--db", server.url(), "--db", dir.file("tables-copy"),
                                             "--format", "json", "طاجيكسان"});
  CHECK(json::parse(given.out).at("suggestion") == "طاجيكستان");
}

}  // namespace
}  // namespace fahras::test::e2e
