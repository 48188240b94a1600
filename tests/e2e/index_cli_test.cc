// End-to-end tests of fahras-index: the real binary on corpus/ and on small
// JSON Lines files written for the test.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "tests/e2e/e2e_support.h"
#include "tests/support.h"

namespace fahras::test::e2e {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

RunResult index(const std::string& db, std::vector<std::string> inputs) {
  inputs.insert(inputs.begin(), {"--db", db});
  return run(index_tool(), inputs);
}

TEST_CASE("fahras-index: corpus/ is added, then unchanged on a second run", "[e2e]") {
  // The shared database is `fahras-index --db TMP/db corpus/` into a new TMP.
  const RunResult& first = shared_db().indexing;
  INFO("stderr: " << first.err);
  CHECK(first.status == 0);
  CHECK_THAT(first.out, Contains("49 added, 0 replaced, 0 unchanged, 0 failed"));
  CHECK_THAT(first.out, StartsWith(shared_db().path + ": "));
  CHECK(first.err.empty());  // not a terminal: no progress line

  TempDir tmp;
  const std::string db = tmp.file("db");
  copy_shared_db(db);
  const RunResult second = index(db, {corpus_dir()});
  INFO("stderr: " << second.err);
  CHECK(second.status == 0);
  CHECK_THAT(second.out, Contains("0 added, 0 replaced, 49 unchanged, 0 failed"));

  // The database answers queries for both kinds of input (.txt and .jsonl),
  // each article once.
  const auto tehran = ids(db, "طهران");
  CHECK(std::count(tehran.begin(), tehran.end(), kSeedId) == 1);
  CHECK(std::count(tehran.begin(), tehran.end(), "art-001") == 1);
}

TEST_CASE("fahras-index: a changed JSONL record is replaced", "[e2e]") {
  TempDir tmp;
  const std::string db = tmp.file("db");
  copy_shared_db(db);

  nlohmann::json record = corpus_records().at(0);
  REQUIRE(record["id"] == "art-001");
  record["title"] = "عنوان معدل zorblaxtitle";
  const std::string changed = tmp.file("changed.jsonl");
  write_file(changed, record.dump() + "\n");

  const RunResult again = index(db, {changed});
  INFO("stderr: " << again.err);
  CHECK(again.status == 0);
  CHECK_THAT(again.out, Contains("0 added, 1 replaced, 0 unchanged, 0 failed"));

  // The new version is the one found, and only once.
  const RunResult json = query(db, {"--format", "json", "--batch", "-"},
                               "new\tzorblaxtitle\nold\tطهران\n");
  REQUIRE(json.status == 0);
  const auto results = nlohmann::json::parse(json.out);
  REQUIRE(results.size() == 2);
  REQUIRE(results[0]["hits"].size() == 1);
  CHECK(results[0]["hits"][0]["id"] == "art-001");
  CHECK(results[0]["hits"][0]["title"] == "عنوان معدل zorblaxtitle");
  int art001 = 0;
  for (const auto& hit : results[1]["hits"]) art001 += hit["id"] == "art-001";
  CHECK(art001 == 1);

  // Indexing the same changed file again changes nothing.
  const RunResult third = index(db, {changed});
  CHECK(third.status == 0);
  CHECK_THAT(third.out, Contains("0 added, 0 replaced, 1 unchanged, 0 failed"));
}

TEST_CASE("fahras-index: a JSONL syntax error is reported by file:line, the rest indexed",
          "[e2e]") {
  TempDir tmp;
  const std::string db = tmp.file("db");
  const std::string file = tmp.file("broken.jsonl");
  write_file(file,
             "{\"id\": \"ok-1\", \"title\": \"خبر أول\", \"body\": \"quuxalpha في دمشق\"}\n"
             "{\"id\": \"bad-2\", \"title\": \"quuxbeta\", \n"
             "{\"id\": \"ok-3\", \"title\": \"خبر ثالث\", \"body\": \"quuxgamma في عمان\"}\n");

  const RunResult result = index(db, {file});
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.status == 1);
  CHECK_THAT(result.err, Contains(file + ":2"));
  CHECK_THAT(result.err, Contains("invalid JSON"));
  CHECK_THAT(result.err, !Contains(file + ":1"));
  CHECK_THAT(result.err, !Contains(file + ":3"));
  CHECK_THAT(result.out, Contains("2 added, 0 replaced, 0 unchanged, 1 failed"));

  const auto found = ranked_batch(db, {"quuxalpha", "quuxgamma", "quuxbeta"});
  CHECK(found[0] == std::vector<std::string>{"ok-1"});
  CHECK(found[1] == std::vector<std::string>{"ok-3"});
  CHECK(found[2].empty());
}

TEST_CASE("fahras-index: a nonexistent input is an error naming the path", "[e2e]") {
  TempDir tmp;
  const std::string missing = tmp.file("no-such-archive.jsonl");
  const RunResult result = index(tmp.file("db"), {missing});
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.status == 2);
  CHECK_THAT(result.err, Contains(missing));
  CHECK_THAT(result.err, Contains("no such file or directory"));
  CHECK_THAT(result.err, StartsWith("fahras-index: "));

  // Next to a good input, the good one is still indexed and the run says so.
  const std::string good = tmp.file("good.jsonl");
  write_file(good, "{\"id\": \"g1\", \"body\": \"quuxdelta\"}\n");
  const RunResult mixed = index(tmp.file("db2"), {missing, good});
  INFO("stdout: " << mixed.out << "\nstderr: " << mixed.err);
  CHECK(mixed.status == 2);
  CHECK_THAT(mixed.err, Contains(missing));
  CHECK_THAT(mixed.out, Contains("1 added, 0 replaced, 0 unchanged, 1 failed"));
  CHECK(ids(tmp.file("db2"), "quuxdelta") == std::vector<std::string>{"g1"});
}

TEST_CASE("fahras-index: command-line errors exit 2", "[e2e]") {
  TempDir tmp;
  SECTION("missing --db") {
    const RunResult r = run(index_tool(), {corpus_dir()});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains("--db"));
    CHECK_THAT(r.err, Contains("--help"));
    CHECK(r.out.empty());
  }
  SECTION("no input") {
    const RunResult r = run(index_tool(), {"--db", tmp.file("db")});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains("INPUT"));
  }
  SECTION("unknown option") {
    const RunResult r = run(index_tool(), {"--db", tmp.file("db"), "--bogus", corpus_dir()});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains("bogus"));
  }
  SECTION("an empty copy window") {
    const RunResult r =
        run(index_tool(), {"--db", tmp.file("db"), "--copy-window", "0", corpus_dir()});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains("--copy-window"));
  }
}

TEST_CASE("fahras-index: --help and --version", "[e2e]") {
  const RunResult help = run(index_tool(), {"--help"});
  CHECK(help.status == 0);
  CHECK_THAT(help.out, StartsWith("Usage: fahras-index"));
  CHECK_THAT(help.out, Contains("--db"));
  CHECK(help.err.empty());

  const RunResult version = run(index_tool(), {"--version"});
  CHECK(version.status == 0);
  CHECK_THAT(version.out, StartsWith("fahras-index "));
  CHECK_THAT(version.out, Contains("Xapian"));
  CHECK(version.err.empty());
}

TEST_CASE("fahras-index: refuses a database built with another analysis chain", "[e2e]") {
  TempDir tmp;
  const std::string db = tmp.file("db");
  copy_shared_db(db);
  {
    Xapian::WritableDatabase wdb(db, Xapian::DB_OPEN);
    wdb.set_metadata("fahras.chain", "other 0");
    wdb.commit();
  }
  const RunResult r = index(db, {corpus_dir()});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("analysis chain"));
  CHECK_THAT(r.err, Contains("other 0"));
}

}  // namespace
}  // namespace fahras::test::e2e
