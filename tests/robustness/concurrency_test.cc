// Concurrency with the real binaries: one indexer per database (a second one
// fails at once, exit 2, "locked by another indexer"), and queries that keep
// answering while an indexer writes.
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/e2e/e2e_support.h"
#include "tests/robustness/robustness_support.h"
#include "tests/support.h"

namespace fahras::test::robust {
namespace {

namespace fs = std::filesystem;
using Catch::Matchers::Contains;

// Waits until `p` has its database open for writing: the database directory
// holds a shard (a Xapian database) and a moment has passed.
void wait_until_writing(Background& p, const std::string& db) {
  auto has_shard = [&db] {
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(db, ec)) {
      if (e.path().filename() == "iamglass") return true;
    }
    return false;
  };
  while (!p.finished() && !has_shard() && p.elapsed() < 30) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

TEST_CASE("robustness: a second indexer on the same database fails at once", "[robustness]") {
  TempDir tmp;
  const std::string db = tmp.file("db");
  write_synthetic_corpus(tmp.file("a.jsonl"), 2000);
  write_file(tmp.file("b.jsonl"), "{\"id\":\"from-b\",\"body\":\"secondindexerword\"}\n");

  Background first(index_tool(), {"--db", db, "--batch-size", "100", tmp.file("a.jsonl")},
                   tmp.file("a.out"), tmp.file("a.err"));
  wait_until_writing(first, db);
  REQUIRE_FALSE(first.finished());

  const auto start = Clock::now();
  const RunResult second = run(index_tool(), {"--db", db, tmp.file("b.jsonl")});
  const double took = seconds_since(start);
  const bool first_still_running = !first.finished();
  INFO("second: " << second.out << second.err << " after " << took << " s");
  CHECK(second.status == 2);
  CHECK_THAT(second.err, Contains("locked by another indexer"));
  CHECK(second.out.empty());
  CHECK(took < 2);
  CHECK(first_still_running);  // else the test proved nothing

  const Outcome& o = first.wait(120);
  INFO(o.describe());
  CHECK(o.code == 0);
  const DbSnapshot snap = snapshot(db, false);
  REQUIRE(snap.opened);
  CHECK(snap.doccount == 2000);
  CHECK(snap.docs.count("from-b") == 0);
}

TEST_CASE("robustness: a second indexer while the first creates the database is refused",
          "[robustness]") {
  // Regression: before the first run wrote its stub, a second run took the
  // directory for a killed creation and removed the first one's shards.
  TempDir tmp;
  const std::string db = tmp.file("db");
  write_synthetic_corpus(tmp.file("a.jsonl"), 1000);
  write_file(tmp.file("b.jsonl"), "{\"id\":\"from-b\",\"body\":\"secondindexerword\"}\n");
  Background first(index_tool(), {"--db", db, "--batch-size", "100", tmp.file("a.jsonl")},
                   tmp.file("a.out"), tmp.file("a.err"));
  while (!first.finished() && !std::filesystem::exists(db + "/fahras.lock") &&
         first.elapsed() < 30) {
  }
  const RunResult second = run(index_tool(), {"--db", db, tmp.file("b.jsonl")});
  const bool first_still_running = !first.finished();
  INFO("second: " << second.out << second.err);
  if (first_still_running) {
    CHECK(second.status == 2);
    CHECK_THAT(second.err, Contains("locked by another indexer"));
  }
  const Outcome& o = first.wait(120);
  INFO(o.describe());
  CHECK(o.code == 0);
  const DbSnapshot snap = snapshot(db, false);
  REQUIRE(snap.opened);
  CHECK(snap.doccount == (second.status == 0 ? 1001u : 1000u));
}

// Runs fahras-query in a loop while `indexer` runs; returns the number of
// queries run. Every query must exit 0 or 1, and `always` must always be found.
int query_while_indexing(Background& indexer, const std::string& db, const std::string& always,
                         const std::string& expected_id) {
  int queries = 0;
  while (!indexer.finished() || queries < 3) {
    const std::string q = queries % 2 ? always : "بيروت OR syn";
    const RunResult r = run(query_tool(), {"--db", db, "--format", "ids", "--limit", "20000", q});
    ++queries;
    INFO("query " << queries << " '" << q << "': exit " << r.status << ": " << r.err);
    CHECK((r.status == 0 || r.status == 1));
    if (q == always) {
      CHECK(r.status == 0);
      const auto ids = e2e::lines_of(r.out);
      CHECK(std::count(ids.begin(), ids.end(), expected_id) == 1);
    }
    if (queries > 2000) break;
  }
  return queries;
}

TEST_CASE("robustness: queries keep answering while an indexer writes", "[robustness]") {
  TempDir tmp;
  const std::string db = tmp.file("db");
  e2e::copy_shared_db(db);
  write_synthetic_corpus(tmp.file("a.jsonl"), 1500);

  SECTION("commits all along") {
    Background indexer(index_tool(), {"--db", db, "--batch-size", "50", tmp.file("a.jsonl")},
                       tmp.file("out"), tmp.file("err"));
    const int queries = query_while_indexing(indexer, db, "طاجيكستان", e2e::kSeedId);
    const Outcome& o = indexer.wait(120);
    INFO(o.describe());
    CHECK(o.code == 0);
    CHECK(queries >= 3);
  }
  SECTION("and a compaction at the end") {
    Background indexer(
        index_tool(),
        {"--db", db, "--batch-size", "200", "--compact", "always", tmp.file("a.jsonl")},
        tmp.file("out"), tmp.file("err"));
    const int queries = query_while_indexing(indexer, db, "طاجيكستان", e2e::kSeedId);
    const Outcome& o = indexer.wait(120);
    INFO(o.describe());
    CHECK(o.code == 0);
    CHECK(queries >= 3);
  }
  CHECK(snapshot(db, false).doccount == 49 + 1500);
}

TEST_CASE("robustness: queries answer while another process holds the write lock", "[robustness]") {
  TempDir tmp;
  const std::string db = tmp.file("db");
  e2e::copy_shared_db(db);
  write_synthetic_corpus(tmp.file("a.jsonl"), 300);
  Background indexer(index_tool(), {"--db", db, tmp.file("a.jsonl")}, tmp.file("out"),
                     tmp.file("err"));
  wait_until_writing(indexer, db);
  // Read-only: no lock needed, nothing written. The synthetic articles may
  // mention the word too, so ask for every match.
  const RunResult r =
      run(query_tool(), {"--db", db, "--format", "ids", "--limit", "100000", "طاجيكستان"});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains(e2e::kSeedId));
  CHECK(indexer.wait(60).code == 0);
}

}  // namespace
}  // namespace fahras::test::robust
