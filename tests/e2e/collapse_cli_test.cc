// End-to-end tests of --collapse: corpus/ and copies of two of its articles
// (tests/index/copies.h) indexed by the real fahras-index into two shards,
// searched by the real fahras-query locally and through two real
// xapian-tcpsrv servers, one per shard.
#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.h"
#include "tests/e2e/tcp_server.h"
#include "tests/index/copies.h"
#include "tests/support.h"

namespace fahras::test::e2e {
namespace {

using Catch::Matchers::Contains;
using nlohmann::json;

struct CopiesDb {
  TempDir dir;
  std::string path = dir.file("db");
  RunResult indexing;
  CopiesDb() {
    write_file(dir.file("copies.jsonl"), copies::copies_jsonl());
    indexing =
        run(index_tool(), {"--db", path, "--jobs", "2", corpus_dir(), dir.file("copies.jsonl")});
  }
  // The shard directories, as the stub file lists them (not the tables database).
  std::vector<std::string> shards() const {
    std::ifstream stub(path + "/XAPIANDB");
    std::vector<std::string> paths;
    std::string kind, name;
    while (stub >> kind >> name) {
      if (name != "tables") paths.push_back(path + "/" + name);
    }
    return paths;
  }
};

const CopiesDb& copies_db() {
  static const CopiesDb db;
  return db;
}

TEST_CASE("fahras-query --collapse shows each story once, with its copies", "[e2e][collapse]") {
  INFO(copies_db().indexing.err);
  REQUIRE(copies_db().indexing.status == 0);
  const std::string& db = copies_db().path;

  // المعلم: art-008 and its 5 copies.
  CHECK(ids(db, "المعلم").size() == 6);
  const std::vector<std::string> one = ids(db, "المعلم", {"--collapse"});
  REQUIRE(one.size() == 1);

  const RunResult text = query(db, {"--collapse", "--color", "never", "المعلم"});
  CHECK(text.status == 0);
  CHECK(text.out.rfind("1 result for «", 0) == 0);  // exact: every match looked at
  CHECK_THAT(text.out, Contains("1. " + one[0]));
  CHECK_THAT(text.out, Contains("(+5 copies)"));
  const RunResult plain = query(db, {"--color", "never", "المعلم"});
  CHECK_THAT(plain.out, !Contains("copies") && !Contains("copy)"));

  const RunResult js = query(db, {"--collapse", "--format", "json", "المعلم"});
  REQUIRE(js.status == 0);
  const json result = json::parse(js.out);
  REQUIRE(result["hits"].size() == 1);
  CHECK(result["hits"][0]["copies"] == 5);
  CHECK(result["estimate"] == 1);
  const json plain_json = json::parse(query(db, {"--format", "json", "المعلم"}).out);
  for (const json& hit : plain_json["hits"]) CHECK_FALSE(hit.contains("copies"));

  // jsonl: one line per story; رويترز is in two copies of art-008 and one of art-043.
  const RunResult jl = query(db, {"--collapse", "--format", "jsonl", "رويترز"});
  const auto lines = lines_of(jl.out);
  REQUIRE(lines.size() == 2);
  std::multiset<int> copies;
  for (const auto& line : lines) copies.insert(json::parse(line)["copies"].get<int>());
  CHECK(copies == std::multiset<int>{0, 1});
  CHECK_THAT(query(db, {"--collapse", "--color", "never", "رويترز"}).out, Contains("(+1 copy)"));
}

TEST_CASE("fahras-query --collapse over remote shards", "[e2e][collapse]") {
  REQUIRE(copies_db().indexing.status == 0);
  const auto shards = copies_db().shards();
  REQUIRE(shards.size() == 2);
  TcpServer a({shards[0]}), b({shards[1]});
  const std::vector<std::string> queries = {"المعلم", "طهران", "رويترز", "سليماني"};
  for (const std::string& q : queries) {
    INFO(q);
    const RunResult local =
        query(copies_db().path, {"--collapse", "--format", "json", "--limit", "100", q});
    const RunResult remote = run(query_tool(), {"--db", a.url(), "--db", b.url(), "--collapse",
                                                "--format", "json", "--limit", "100", q});
    REQUIRE(local.status == 0);
    REQUIRE(remote.status == 0);
    const json want = json::parse(local.out), got = json::parse(remote.out);
    CHECK(got["estimate"] == want["estimate"]);
    REQUIRE(got["hits"].size() == want["hits"].size());
    for (size_t i = 0; i < want["hits"].size(); ++i) {
      CHECK(got["hits"][i]["id"] == want["hits"][i]["id"]);
      CHECK(got["hits"][i]["copies"] == want["hits"][i]["copies"]);
    }
  }
}

}  // namespace
}  // namespace fahras::test::e2e
