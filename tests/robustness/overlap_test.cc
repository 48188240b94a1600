// Readers that overlap a writer: the real fahras-index held (fault points
// that stop it, common/fault.h) after each of its commits and inside its
// compaction, before and after the stub's rename. Queried then, by
// fahras-query in another process and by a Searcher of this process opened
// before the indexer started, every answer is exactly that of a committed
// state: the matches of the finished database among the articles the
// shards held at their last commits, each shard holding a whole number of
// batches (or all of its share).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/index/layout.h"
#include "common/search/searcher.h"
#include "tests/e2e/e2e_support.h"
#include "tests/robustness/robustness_support.h"
#include "tests/support.h"

namespace fahras::test::robust {
namespace {

constexpr size_t kRecords = 500;
constexpr size_t kBatch = 100;
const std::vector<std::string> kQueries = {"بيروت OR طاجيكستان", "الوزير", "source:wafa"};

using IdSets = std::vector<std::set<std::string>>;

// The matches of every query of kQueries, by fahras-query.
IdSets answers_of_tool(const std::string& db) {
  return e2e::id_set_batch(db, kQueries, {"--limit", "100000"});
}

// The matches of every query of kQueries, by `searcher`.
IdSets answers_of(Searcher& searcher) {
  SearchOptions options;
  options.limit = 100000;
  options.fields = false;
  options.suggest = false;
  IdSets sets;
  for (const std::string& q : kQueries) {
    std::set<std::string> ids;
    for (const Hit& h : searcher.search("1", q, options).hits) ids.insert(h.id);
    sets.push_back(std::move(ids));
  }
  return sets;
}

// `all` narrowed to the articles of `held`.
IdSets among(const IdSets& all, const std::set<std::string>& held) {
  IdSets out;
  for (const auto& s : all) {
    std::set<std::string> kept;
    for (const auto& id : s) {
      if (held.count(id)) kept.insert(id);
    }
    out.push_back(std::move(kept));
  }
  return out;
}

// The last fault point named in the indexer's standard error `err`.
std::string last_point(const std::string& err) {
  const size_t at = err.rfind("fault point ");
  return at == std::string::npos ? "" : err.substr(at + 12, err.find(' ', at + 12) - at - 12);
}

TEST_CASE("overlap: readers held between commits and inside compaction see one committed state",
          "[robustness][overlap]") {
  TempDir tmp;
  const std::string db = tmp.file("db"), finished = tmp.file("finished");
  e2e::copy_shared_db(db);
  e2e::copy_shared_db(finished);
  const auto ids = write_synthetic_corpus(tmp.file("a.jsonl"), kRecords, 0, 9);
  const std::vector<std::string> args = {"--batch-size", std::to_string(kBatch), "--compact",
                                         "always", tmp.file("a.jsonl")};
  auto with_db = [&args](const std::string& path) {
    std::vector<std::string> a = {"--db", path};
    a.insert(a.end(), args.begin(), args.end());
    return a;
  };
  // The answers of the finished database, and the state before.
  const Outcome reference = run_bounded(tmp, index_tool(), with_db(finished));
  REQUIRE(reference.code == 0);
  const IdSets final_answers = answers_of_tool(finished);
  for (const auto& s : final_answers) REQUIRE(s.size() > 50);
  const std::set<std::string> before = [&db] {
    const auto list = ids_in(db);
    return std::set<std::string>(list.begin(), list.end());
  }();
  const size_t shard_count = stub_shards(db).size();
  REQUIRE(shard_count >= 1);
  std::vector<std::vector<std::string>> share(shard_count);  // each shard's new ids, in order
  for (const auto& id : ids) share[shard_of(id, static_cast<unsigned>(shard_count))].push_back(id);

  Searcher searcher({db}, loaded_chain());  // opened before the indexer starts
  REQUIRE(answers_of(searcher) == among(final_answers, before));

  Background indexer(
      index_tool(), with_db(db), tmp.file("out"), tmp.file("err"), "",
      {{"FAHRAS_FAULT", "commit:0:stop,compact-stub-written:1:stop,compact-stub-renamed:1:stop"}});
  int commits = 0, in_compaction = 0;
  std::set<std::string> last_held = before;
  while (indexer.wait_stopped(120)) {
    const std::string point = last_point(read_file(tmp.file("err")));
    INFO("held at " << point << " (" << commits << " commits so far)");
    // The state the shards committed: each a whole number of batches of its
    // share of the new articles, in order.
    std::set<std::string> held = before;
    for (size_t i = 0; i < shard_count; ++i) {
      std::vector<std::string> now;
      for (const auto& id : ids_in(stub_shards(db)[i])) {
        if (!before.count(id)) now.push_back(id);
      }
      INFO("shard " << i << " holds " << now.size() << " new of " << share[i].size());
      CHECK((now.size() % kBatch == 0 || now.size() == share[i].size()));
      CHECK(std::equal(now.begin(), now.end(), share[i].begin()));
      held.insert(now.begin(), now.end());
    }
    CHECK(held.size() >= last_held.size());  // nothing committed is lost
    last_held = held;
    const IdSets expected = among(final_answers, held);
    CHECK(answers_of_tool(db) == expected);   // another process
    CHECK(answers_of(searcher) == expected);  // this one, opened before
    if (point.rfind("commit/", 0) == 0) {
      ++commits;
    } else {
      CHECK(held.size() == before.size() + kRecords);
      ++in_compaction;
    }
    indexer.kill(SIGCONT);
  }
  const Outcome& o = indexer.wait(120);
  INFO(o.describe());
  CHECK(o.code == 0);
  CHECK(commits >= static_cast<int>(kRecords / kBatch));
  CHECK(in_compaction == 2);
  // The old shards are gone: the searcher follows the stub to the new ones.
  CHECK(answers_of(searcher) == final_answers);
  CHECK(answers_of_tool(db) == final_answers);
}

}  // namespace
}  // namespace fahras::test::robust
