// Concurrency with the real binaries: one indexer per database (a second one
// fails at once, exit 2, "locked by another indexer"), and queries that keep
// answering while an indexer writes.
#include <algorithm>
#include <filesystem>
#include <memory>
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

using Catch::Matchers::Contains;

// Starts fahras-index on `db` with `input`, held (SIGSTOP) at the fault
// point `point` (common/fault.h) until the test resumes it; REQUIREs that it
// got there.
std::unique_ptr<Background> held_indexer(const TempDir& tmp, const std::string& db,
                                         const std::string& input, const std::string& point) {
  auto p = std::make_unique<Background>(
      index_tool(), std::vector<std::string>{"--db", db, "--batch-size", "100", input},
      tmp.file("a.out"), tmp.file("a.err"), "", Environment{{"FAHRAS_FAULT", point + ":1:stop"}});
  INFO(p->outcome().describe());
  REQUIRE(p->wait_stopped(60));
  return p;
}

// A second indexer while the first, held at `point`, holds the lock: refused
// with exit 2 and nothing written; the first then ends as if alone.
void second_is_refused(const std::string& point) {
  TempDir tmp;
  const std::string db = tmp.file("db");
  write_synthetic_corpus(tmp.file("a.jsonl"), 1000);
  write_file(tmp.file("b.jsonl"), "{\"id\":\"from-b\",\"body\":\"secondindexerword\"}\n");
  auto first = held_indexer(tmp, db, tmp.file("a.jsonl"), point);
  // The first is stopped: a second that waited for the lock would never end
  // (run_bounded's limit would stop it).
  const Outcome second = run_bounded(tmp, index_tool(), {"--db", db, tmp.file("b.jsonl")});
  INFO("held at " << point << "; second: " << second.describe());
  CHECK(second.exited);
  CHECK(second.code == 2);
  CHECK_THAT(second.err, Contains("locked by another indexer"));
  CHECK(second.out.empty());
  first->kill(SIGCONT);
  const Outcome& o = first->wait(120);
  INFO(o.describe());
  CHECK(o.code == 0);
  const DbSnapshot snap = snapshot(db, false);
  REQUIRE(snap.opened);
  CHECK(snap.doccount == 1000);
  CHECK(snap.docs.count("from-b") == 0);
}

TEST_CASE("robustness: a second indexer on the same database fails at once", "[robustness]") {
  second_is_refused("commit/0");
}

TEST_CASE("robustness: a second indexer while the first creates the database is refused",
          "[robustness]") {
  // Regression: before the first run wrote its stub, a second run took the
  // directory for a killed creation and removed the first one's shards.
  second_is_refused("publish-stub-written");
}

// Runs fahras-query in a loop while `indexer` runs; returns the number of
// queries that ended before the indexer did (they overlapped its writing).
// Every query must exit 0 or 1, and `always` must always be found.
int query_while_indexing(Background& indexer, const std::string& db, const std::string& always,
                         const std::string& expected_id) {
  int queries = 0, overlapped = 0;
  while (!indexer.finished()) {
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
    overlapped += !indexer.finished();
    if (queries > 2000) break;
  }
  return overlapped;
}

TEST_CASE("robustness: queries keep answering while an indexer writes", "[robustness]") {
  TempDir tmp;
  const std::string db = tmp.file("db");
  e2e::copy_shared_db(db);
  write_synthetic_corpus(tmp.file("a.jsonl"), 1500);

  SECTION("commits all along") {
    Background indexer(index_tool(), {"--db", db, "--batch-size", "50", tmp.file("a.jsonl")},
                       tmp.file("out"), tmp.file("err"));
    const int overlapped = query_while_indexing(indexer, db, "طاجيكستان", e2e::kSeedId);
    const Outcome& o = indexer.wait(120);
    INFO(o.describe());
    CHECK(o.code == 0);
    CHECK(overlapped >= 1);
  }
  SECTION("and a compaction at the end") {
    Background indexer(
        index_tool(),
        {"--db", db, "--batch-size", "200", "--compact", "always", tmp.file("a.jsonl")},
        tmp.file("out"), tmp.file("err"));
    const int overlapped = query_while_indexing(indexer, db, "طاجيكستان", e2e::kSeedId);
    const Outcome& o = indexer.wait(120);
    INFO(o.describe());
    CHECK(o.code == 0);
    CHECK(overlapped >= 1);
  }
  CHECK(snapshot(db, false).doccount == 49 + 1500);
}

TEST_CASE("robustness: queries answer while another process holds the write lock", "[robustness]") {
  TempDir tmp;
  const std::string db = tmp.file("db");
  e2e::copy_shared_db(db);
  write_synthetic_corpus(tmp.file("a.jsonl"), 300);
  // Held right after its first commit: it holds the lock, with work left.
  Background indexer(index_tool(), {"--db", db, "--batch-size", "50", tmp.file("a.jsonl")},
                     tmp.file("out"), tmp.file("err"), "", {{"FAHRAS_FAULT", "commit:1:stop"}});
  REQUIRE(indexer.wait_stopped(60));
  // Read-only: no lock needed, nothing written. The synthetic articles may
  // mention the word too, so ask for every match.
  const RunResult r =
      run(query_tool(), {"--db", db, "--format", "ids", "--limit", "100000", "طاجيكستان"});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains(e2e::kSeedId));
  // The lock was held all along: a second indexer is refused now.
  write_file(tmp.file("b.jsonl"), "{\"id\":\"from-b\",\"body\":\"x\"}\n");
  const RunResult second = run(index_tool(), {"--db", db, tmp.file("b.jsonl")});
  CHECK(second.status == 2);
  CHECK_THAT(second.err, Contains("locked by another indexer"));
  indexer.kill(SIGCONT);
  CHECK(indexer.wait(60).code == 0);
}

}  // namespace
}  // namespace fahras::test::robust
