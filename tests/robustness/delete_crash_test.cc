// Crash safety of deleting: the real fahras-index, deleting half of a
// two-shard database, killed with SIGKILL at random moments, leaves each
// shard with all of its deletions or none, and the same command run again
// ends the job.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>
#include <catch2/catch.hpp>

#include "common/schema.h"
#include "tests/robustness/robustness_support.h"
#include "tests/support.h"

namespace fahras::test::robust {
namespace {

namespace fs = std::filesystem;

constexpr size_t kRecords = 2000;

// A two-shard database of a synthetic corpus, the ids to delete (every other
// one) in a file, and a deleting run with nothing in its way.
struct Base {
  TempDir dir;
  std::string corpus = dir.file("corpus.jsonl");
  std::string db = dir.file("base.db");
  std::string list = dir.file("gone.txt");
  std::vector<std::string> ids, gone;
  Outcome indexing, deleting;
  Base() {
    ids = write_synthetic_corpus(corpus, kRecords, 0, 3);
    indexing = run_bounded(dir, index_tool(), {"--db", db, "--jobs", "2", corpus});
    std::string lines;
    for (size_t i = 0; i < ids.size(); i += 2) {
      gone.push_back(ids[i]);
      lines += ids[i] + "\n";
    }
    write_file(list, lines);
    const std::string copy = dir.file("clean.db");
    fs::copy(db, copy, fs::copy_options::recursive);
    deleting = run_bounded(dir, index_tool(), {"--db", copy, "--delete-from", list});
  }
};

const Base& base() {
  static const Base b;
  return b;
}

// The shard directories of the database `db`, as its stub file lists them
// (not its tables database).
std::vector<std::string> shards_of(const std::string& db) {
  std::ifstream stub(db + "/XAPIANDB");
  std::vector<std::string> paths;
  std::string kind, name;
  while (stub >> kind >> name) {
    if (name != "tables") paths.push_back(db + "/" + name);
  }
  return paths;
}

// How many of `ids` the database (or shard) at `path` holds.
size_t held(const std::string& path, const std::vector<std::string>& ids) {
  const Xapian::Database db(path);
  return static_cast<size_t>(std::count_if(ids.begin(), ids.end(), [&db](const std::string& id) {
    return db.term_exists(schema::id_term(id));
  }));
}

unsigned test_seed() {
  if (const char* s = std::getenv("FAHRAS_CRASH_SEED")) return static_cast<unsigned>(std::stoul(s));
  return std::random_device{}();
}

TEST_CASE(
    "robustness: deleting killed at random moments leaves each shard whole, and a run "
    "again ends the job",
    "[robustness][delete]") {
  INFO(base().indexing.describe() << "\n" << base().deleting.describe());
  REQUIRE(base().indexing.code == 0);
  REQUIRE(base().deleting.code == 0);
  const std::vector<std::string> shards = shards_of(base().db);
  REQUIRE(shards.size() == 2);
  std::vector<size_t> share;  // ids to delete in each shard
  for (const std::string& shard : shards) share.push_back(held(shard, base().gone));
  REQUIRE(share[0] + share[1] == base().gone.size());

  const unsigned seed = test_seed();
  INFO("seed " << seed << " (set FAHRAS_CRASH_SEED to repeat)");
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> moment(0.0, 1.1 * base().deleting.seconds);
  int kills = 0;
  for (int round = 0; round < 8; ++round) {
    TempDir tmp;
    const std::string db = tmp.file("db");
    fs::copy(base().db, db, fs::copy_options::recursive);
    const std::vector<std::string> args = {"--db", db, "--delete-from", base().list};
    Background p(index_tool(), args, tmp.file("out"), tmp.file("err"));
    const double at = moment(rng);
    while (!p.finished() && p.elapsed() < at) {
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    kills += !p.finished();
    p.kill(SIGKILL);
    INFO("round " << round << ", killed after " << at << " s: " << p.wait().describe());

    // Each shard holds all of its articles to delete, or none.
    const std::vector<std::string> now = shards_of(db);
    REQUIRE(now.size() == 2);
    for (size_t i = 0; i < now.size(); ++i) {
      const size_t left = held(now[i], base().gone);
      CHECK((left == 0 || left == share[i]));
    }
    const DbSnapshot snap = snapshot(db, false);
    REQUIRE(snap.opened);
    CHECK(snap.duplicated.empty());

    // The same command again deletes what is left (warning of what is gone).
    const Outcome again = run_bounded(tmp, index_tool(), args);
    INFO(again.describe());
    CHECK((again.code == 0 || again.code == 1));
    CHECK(held(db, base().gone) == 0);
    CHECK(snapshot(db, false).doccount == kRecords - base().gone.size());
  }
  CHECK(kills > 0);
}

}  // namespace
}  // namespace fahras::test::robust
