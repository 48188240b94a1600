// End-to-end tests of deleting with fahras-index (--delete, --delete-from,
// --prune): the real binaries on copies of the corpus/ database and on small
// made-up records, the results read with the real fahras-query and Xapian.
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/index/spelling_counter.h"
#include "common/schema.h"
#include "tests/e2e/e2e_support.h"
#include "tests/index/copies.h"
#include "tests/support.h"

namespace fahras::test::e2e {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using Ids = std::set<std::string>;

// fahras-index --db DB ARGS..., `input` on standard input.
RunResult index(const std::string& db, std::vector<std::string> args,
                const std::string& input = "") {
  args.insert(args.begin(), {"--db", db});
  return run(index_tool(), args, input);
}

// Every article id of `db`.
Ids all_ids(const std::string& db) {
  const Xapian::Database d(db);
  Ids out;
  for (auto it = d.allterms_begin("Q"); it != d.allterms_end("Q"); ++it) {
    out.insert((*it).substr(1));
  }
  return out;
}

// Article id → its collapse key (value slot 6), for every article of `db`.
std::map<std::string, std::string> collapse_keys(const std::string& db) {
  const Xapian::Database d(db);
  std::map<std::string, std::string> out;
  for (auto it = d.postlist_begin(""); it != d.postlist_end(""); ++it) {
    const Xapian::Document doc = d.get_document(*it);
    out[doc.get_value(schema::kIdSlot)] = doc.get_value(schema::kCollapseSlot);
  }
  return out;
}

// The spelling frequency of `word` in `db` (its shards summed), 0 if absent.
Xapian::doccount spelling_frequency(const std::string& db, const std::string& word) {
  return fahras::spelling_frequency(Xapian::Database(db), word);
}

std::string jsonl(const std::vector<nlohmann::json>& records) {
  std::string out;
  for (const auto& r : records) out += r.dump() + "\n";
  return out;
}

// A database in `tmp` of the corpus article `original`, indexed first, and
// then of its copies (tests/index/copies.h), which take its id as their key.
std::string index_story(const TempDir& tmp, const std::string& original) {
  const std::string db = tmp.file("db");
  write_file(tmp.file("original.jsonl"), jsonl({copies::corpus_record(original)}));
  write_file(tmp.file("copies.jsonl"), copies::copies_jsonl());
  for (const std::string& input : {tmp.file("original.jsonl"), tmp.file("copies.jsonl")}) {
    const RunResult r = index(db, {"--jobs", "2", input});
    if (r.status != 0) throw std::runtime_error("indexing " + input + " failed: " + r.err);
  }
  return db;
}

TEST_CASE("fahras-index --delete takes an article out of every query", "[e2e][delete]") {
  TempDir tmp;
  const std::string db = tmp.file("db");
  copy_shared_db(db);
  // art-001: alrai, politics, 2023-05-17, about Tehran.
  const std::vector<std::string> queries = {"طهران", "source:alrai", "category:politics",
                                            "date:2023-05-17..2023-05-17", "year:2023"};
  const auto before = id_set_batch(db, queries);
  for (const auto& found : before) REQUIRE(found.count("art-001") == 1);
  const size_t count = all_ids(db).size();

  const RunResult r = index(db, {"--delete", "art-001"});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, StartsWith(db + ": 0 added, 0 replaced, 0 unchanged, 0 failed, 1 deleted in "));
  CHECK(r.err.empty());

  const auto after = id_set_batch(db, queries);
  for (size_t i = 0; i < queries.size(); ++i) {
    INFO(queries[i]);
    Ids expected = before[i];
    expected.erase("art-001");
    CHECK(after[i] == expected);
  }
  const RunResult tehran = query(db, {"طهران", "--format", "ids"});
  CHECK(lines_of(tehran.out).size() == before[0].size() - 1);
  CHECK_THAT(tehran.out, !Contains("art-001"));
  CHECK(all_ids(db).size() == count - 1);
  CHECK(all_ids(db).count("art-001") == 0);

  // Deleting it again: a warning naming it, exit 1, nothing else changed.
  const RunResult again = index(db, {"--delete", "art-001", "art-002"});
  CHECK(again.status == 1);
  CHECK(again.err == "fahras-index: warning: art-001: no article with this id to delete\n");
  CHECK_THAT(again.out, Contains(", 1 deleted in "));
  CHECK(all_ids(db).size() == count - 2);
}

TEST_CASE("fahras-index --delete-from reads ids from a file or standard input", "[e2e][delete]") {
  TempDir tmp;
  const std::string db = tmp.file("db");
  copy_shared_db(db);
  write_file(tmp.file("gone.txt"), "art-003\n\n art-004 \nno-such-id\n");
  const RunResult r = index(db, {"--delete-from", tmp.file("gone.txt")});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(r.err == "fahras-index: warning: no-such-id: no article with this id to delete\n");
  CHECK_THAT(r.out, Contains("0 failed, 2 deleted in "));

  const RunResult from_stdin = index(db, {"--delete-from", "-"}, "art-005\r\n");
  CHECK(from_stdin.status == 0);
  const Ids left = all_ids(db);
  for (const char* id : {"art-003", "art-004", "art-005"}) CHECK(left.count(id) == 0);
  CHECK(left.count("art-006") == 1);

  // With inputs: they are indexed, then the ids deleted.
  write_file(tmp.file("new.jsonl"), "{\"id\":\"fresh-1\",\"body\":\"quuxfresh\"}\n");
  write_file(tmp.file("more.txt"), "art-006\n");
  const RunResult both = index(db, {"--delete-from", tmp.file("more.txt"), tmp.file("new.jsonl")});
  CHECK(both.status == 0);
  CHECK_THAT(both.out, Contains(": 1 added, 0 replaced, 0 unchanged, 0 failed, 1 deleted in "));
  CHECK(ids(db, "quuxfresh") == std::vector<std::string>{"fresh-1"});
  CHECK(all_ids(db).count("art-006") == 0);
}

TEST_CASE("fahras-index --delete: usage errors and a missing database exit 2", "[e2e][delete]") {
  TempDir tmp;
  const RunResult no_db = index(tmp.file("none"), {"--delete", "art-001"});
  CHECK(no_db.status == 2);
  CHECK(no_db.err == "fahras-index: " + tmp.file("none") + ": no such database to delete from\n");
  CHECK_FALSE(std::filesystem::exists(tmp.file("none")));

  const RunResult no_ids = index(tmp.file("db"), {"--delete"});
  CHECK(no_ids.status == 2);
  CHECK_THAT(no_ids.err, Contains("--delete needs the ids to delete"));

  const RunResult prune_alone = index(tmp.file("db"), {"--prune"});
  CHECK(prune_alone.status == 2);
  CHECK_THAT(prune_alone.err, Contains("--prune needs INPUTs"));

  const RunResult no_file = index(tmp.file("db"), {"--delete-from", tmp.file("ids.txt")});
  CHECK(no_file.status == 2);
  CHECK(no_file.err ==
        "fahras-index: " + tmp.file("ids.txt") + ": cannot open: No such file or directory\n");
}

TEST_CASE("fahras-index --prune keeps the database in step with its inputs", "[e2e][delete]") {
  TempDir tmp;
  const std::string db = tmp.file("db");
  copy_shared_db(db);
  // The folder lost art-001 and art-002; a new article came.
  std::vector<nlohmann::json> kept;
  for (const auto& r : corpus_records()) {
    if (r["id"] != "art-001" && r["id"] != "art-002") kept.push_back(r);
  }
  kept.push_back({{"id", "art-new"}, {"body", "quuxprune"}});
  std::filesystem::create_directory(tmp.file("folder"));
  write_file(tmp.file("folder/articles.jsonl"), jsonl(kept));
  std::filesystem::copy(corpus_dir() + "/" + kSeedId + ".txt", tmp.file("folder"));
  const Ids before = all_ids(db);

  SECTION("a run where every input is read prunes") {
    const RunResult r = index(db, {"--prune", tmp.file("folder")});
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Contains(": 1 added, 0 replaced, 47 unchanged, 0 failed, 2 deleted in "));
    Ids expected = before;
    expected.erase("art-001");
    expected.erase("art-002");
    expected.insert("art-new");
    CHECK(all_ids(db) == expected);
    CHECK(id_set(db, "طاجيكستان").count("art-001") == 0);
  }
  SECTION("a failed record prunes nothing") {
    write_file(tmp.file("folder/bad.jsonl"), "{\"id\": \n");
    const RunResult r = index(db, {"--prune", tmp.file("folder")});
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Contains("warning: nothing pruned: 1 input or record failed"));
    Ids expected = before;
    expected.insert("art-new");
    CHECK(all_ids(db) == expected);
  }
  SECTION("a missing input prunes nothing") {
    const RunResult r = index(db, {"--prune", tmp.file("folder"), tmp.file("gone.jsonl")});
    INFO(r.out << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains(tmp.file("gone.jsonl") + ": no such file or directory"));
    CHECK_THAT(r.err, Contains("nothing pruned"));
    CHECK(all_ids(db).count("art-001") == 1);
  }
}

TEST_CASE("fahras-index --delete: a word only the deleted article held is no longer suggested",
          "[e2e][delete][spelling]") {
  // One shard (the words go to a spelling database of the run's own, merged
  // into the shard) or two (each word in the table of the shard it hashes to).
  const std::string jobs = GENERATE("1", "2");
  INFO("--jobs " << jobs);
  TempDir tmp;
  const std::string db = tmp.file("db");
  // قرنفلات only in sp-a; مكتبات twice in each: a word counted once by a
  // shard's analysis is not kept.
  write_file(
      tmp.file("in.jsonl"),
      jsonl({{{"id", "sp-a"}, {"body", "قرنفلات حمراء في الحديقة ثم قرنفلات بيضاء مكتبات مكتبات"}},
             {{"id", "sp-b"}, {"body", "مكتبات المدينة مفتوحة وكل مكتبات الحي"}}}));
  REQUIRE(index(db, {"--jobs", jobs, tmp.file("in.jsonl")}).status == 0);
  CHECK(spelling_frequency(db, "قرنفلات") == 2);
  CHECK(spelling_frequency(db, "مكتبات") == 4);
  const auto suggestion = [&db] { return query(db, {"--color", "never", "قرنفلاث"}).out; };
  CHECK_THAT(suggestion(), Contains("Did you mean: «قرنفلات»?"));

  const RunResult r = index(db, {"--delete", "sp-a"});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(spelling_frequency(db, "قرنفلات") == 0);
  CHECK(spelling_frequency(db, "مكتبات") == 2);  // sp-b still holds it
  CHECK_THAT(suggestion(), !Contains("Did you mean"));
  CHECK(ids(db, "مكتبات") == std::vector<std::string>{"sp-b"});
}

TEST_CASE("fahras-index --delete-from: an article added and deleted by one run leaves no word",
          "[e2e][delete][spelling]") {
  TempDir tmp;
  const std::string db = tmp.file("db");
  write_file(tmp.file("in.jsonl"), jsonl({{{"id", "sp-a"}, {"body", "قرنفلات بيضاء قرنفلات"}},
                                          {{"id", "sp-b"}, {"body", "مكتبات ثم مكتبات"}}}));
  write_file(tmp.file("gone.txt"), "sp-a\n");
  const RunResult r =
      index(db, {"--jobs", "1", "--delete-from", tmp.file("gone.txt"), tmp.file("in.jsonl")});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains(": 2 added, 0 replaced, 0 unchanged, 0 failed, 1 deleted in "));
  CHECK(all_ids(db) == Ids{"sp-b"});
  CHECK(spelling_frequency(db, "قرنفلات") == 0);
  CHECK(spelling_frequency(db, "مكتبات") == 2);
}

TEST_CASE("fahras-index --delete: a story whose first article is deleted takes another key",
          "[e2e][delete][collapse]") {
  TempDir tmp;
  const std::string db = index_story(tmp, "art-008");
  const std::vector<std::string> copies_008 = {"copy-008-dateline", "copy-008-exact",
                                               "copy-008-first", "copy-008-rewritten",
                                               "copy-008-words"};
  for (const auto& id : copies_008) REQUIRE(collapse_keys(db).at(id) == "art-008");
  const RunResult collapsed = query(db, {"--collapse", "--color", "never", "المعلم"});
  CHECK_THAT(collapsed.out, Contains("(+5 copies)"));

  const RunResult r = index(db, {"--delete", "art-008"});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  // The member that sorts first gives the story its key.
  const auto keys = collapse_keys(db);
  for (const auto& id : copies_008) CHECK(keys.at(id) == "copy-008-dateline");
  const RunResult after = query(db, {"--collapse", "--color", "never", "المعلم"});
  CHECK(after.out.rfind("1 result for «", 0) == 0);
  CHECK_THAT(after.out, Contains("(+4 copies)"));

  // A new article with the deleted id is a story of its own.
  write_file(tmp.file("reuse.jsonl"),
             jsonl({{{"id", "art-008"}, {"body", "المعلم في مقال آخر لا يشبه الخبر quuxreuse"}}}));
  REQUIRE(index(db, {tmp.file("reuse.jsonl")}).status == 0);
  CHECK(collapse_keys(db).at("art-008") == "art-008");
  CHECK(ids(db, "المعلم", {"--collapse"}).size() == 2);
}

TEST_CASE("fahras-index --delete: a story left keyed by a missing article is given a key",
          "[e2e][delete][collapse]") {
  // As a deleting run killed between the commits of two shards leaves it.
  TempDir tmp;
  const std::string db = index_story(tmp, "art-043");
  REQUIRE(collapse_keys(db).at("copy-043-exact") == "art-043");
  {
    Xapian::WritableDatabase shards(db);  // the stub file: every shard
    shards.delete_document(schema::id_term("art-043"));
    shards.commit();
  }
  REQUIRE(collapse_keys(db).at("copy-043-rewritten") == "art-043");

  const RunResult r = index(db, {"--delete", "copy-008-words"});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  const auto keys = collapse_keys(db);
  CHECK(keys.at("copy-043-exact") == "copy-043-exact");
  CHECK(keys.at("copy-043-rewritten") == "copy-043-exact");
}

TEST_CASE("fahras-index - reads JSON Lines from standard input", "[e2e]") {
  TempDir tmp;
  const std::string db = tmp.file("db");
  const RunResult r = index(db, {"-"},
                            "{\"id\":\"t1\",\"body\":\"quuxstdin في بيروت\","
                            "\"date\":\"2023-05-17T10:00:00Z\"}\n"
                            "{\"id\":\"t2\",\"body\":\"quuxstdin\",\"date\":\"17 May\"}\n"
                            "{\"id\":\"t1\",\"body\":\"quuxstdin again\","
                            "\"date\":\"2023-05-17T23:30:00+03:00\"}\n");
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, StartsWith(db + ": 2 added, 1 replaced, 0 unchanged, 0 failed in "));
  CHECK(r.err ==
        "fahras-index: warning: (standard input):2: invalid \"date\" \"17 May\" (expected a "
        "calendar date as YYYY-MM-DD or an ISO 8601 date-time): indexed without a date\n"
        "fahras-index: warning: (standard input):3: id \"t1\" met before, at (standard "
        "input):1: this record replaces that one\n");
  CHECK(ids(db, "quuxstdin", {"--sort", "date"}) == std::vector<std::string>{"t1", "t2"});
  CHECK(ids(db, "date:2023-05-17..2023-05-17") == std::vector<std::string>{"t1"});
  const auto hit = nlohmann::json::parse(query(db, {"--format", "json", "again"}).out)["hits"][0];
  CHECK(hit["id"] == "t1");
  CHECK(hit["date"] == "2023-05-17");
}

TEST_CASE("fahras-index: a summary that cannot be written is an error", "[e2e]") {
  TempDir tmp;
  const RunResult r = run("/bin/sh", {"-c", "exec \"$0\" \"$@\" > /dev/full", index_tool(), "--db",
                                      tmp.file("db"), corpus_dir()});
  CHECK(r.status == 2);
  CHECK(r.err == "fahras-index: write error: No space left on device\n");
  // What was indexed stays.
  CHECK(all_ids(tmp.file("db")).size() == 49);

  const RunResult help = run("/bin/sh", {"-c", "exec \"$0\" --help > /dev/full", index_tool()});
  CHECK(help.status == 2);
  CHECK(help.err == "fahras-index: write error: No space left on device\n");
}

}  // namespace
}  // namespace fahras::test::e2e
