// Tests for common/index/layout and the sharded, parallel indexer: a database
// is a directory of shards listed by a Xapian stub file.
#include "common/index/layout.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/index/indexer.h"
#include "common/schema.h"
#include "tests/support.h"

namespace fahras {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using test::write_file;

const AnalysisChain& chain() {
  return *test::loaded_chain();
}

// `n` small Arabic articles as JSON Lines, ids a0..a(n-1).
std::string corpus(int n, const std::string& extra = "") {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += R"({"id":"a)" + std::to_string(i) + R"(","title":"خبر )" + std::to_string(i) +
           R"(","body":"وصل الوفد إلى بيروت وطهران )" + extra + std::to_string(i) + "\"}\n";
  }
  return out;
}

IndexStats index(const std::string& db, const std::string& input, unsigned jobs,
                 IndexOptions::Compact compact = IndexOptions::Compact::kAuto) {
  IndexOptions options;
  options.db_path = db;
  options.inputs = {input};
  options.jobs = jobs;
  options.batch_size = 7;  // many commits
  options.compact = compact;
  return index_corpus(options, chain());
}

std::set<std::string> ids(const std::string& db) {
  Xapian::Database d(db);
  std::set<std::string> out;
  const std::string prefix(schema::term_prefix(schema::TermKind::kId));
  for (auto t = d.allterms_begin(prefix); t != d.allterms_end(prefix); ++t) {
    out.insert((*t).substr(1));
    CHECK(t.get_termfreq() == 1);  // each id once
  }
  return out;
}

TEST_CASE("shard_of spreads ids and is stable", "[layout]") {
  CHECK(shard_of("art-001", 3) == shard_of("art-001", 3));
  std::set<unsigned> seen;
  for (int i = 0; i < 100; ++i) seen.insert(shard_of("id" + std::to_string(i), 4));
  CHECK(seen == std::set<unsigned>{0, 1, 2, 3});
}

TEST_CASE("a new database is a stub directory of shards and tables that Xapian opens as one",
          "[layout]") {
  TempDir dir;
  write_file(dir.file("in.jsonl"), corpus(100));
  const IndexStats stats = index(dir.file("db"), dir.file("in.jsonl"), 3);
  CHECK(stats.added == 100);
  CHECK(stats.shards == 3);
  CHECK(stats.compacted);

  std::ifstream stub(dir.file("db/XAPIANDB"));
  std::string line;
  int lines = 0;
  while (std::getline(stub, line)) {
    ++lines;
    CHECK(line.rfind(lines <= 3 ? "auto shard-" : "auto tables", 0) == 0);
    CHECK(fs::is_directory(dir.file("db/" + line.substr(5))));
  }
  CHECK(lines == 4);  // the shards, then the tables database
  CHECK(open_layout(dir.file("db"), 1).tables == "tables");
  // Only the compacted generation is left, and the tables database.
  int dirs = 0;
  for (const auto& e : fs::directory_iterator(dir.file("db"))) dirs += e.is_directory();
  CHECK(dirs == 4);
  CHECK(Xapian::Database(dir.file("db")).get_doccount() == 100);
  CHECK(ids(dir.file("db")).size() == 100);
}

TEST_CASE("indexing again into shards replaces, skips unchanged, never duplicates", "[layout]") {
  TempDir dir;
  write_file(dir.file("in.jsonl"), corpus(60));
  index(dir.file("db"), dir.file("in.jsonl"), 2);

  const IndexStats again = index(dir.file("db"), dir.file("in.jsonl"), 2);
  CHECK(again.added == 0);
  CHECK(again.unchanged == 60);
  CHECK_FALSE(again.compacted);  // the database existed: no compaction unless asked

  write_file(dir.file("changed.jsonl"), corpus(70, "جديد "));
  // --jobs differs from the shard count: the existing shards decide.
  const IndexStats changed = index(dir.file("db"), dir.file("changed.jsonl"), 5);
  CHECK(changed.shards == 2);
  CHECK(changed.replaced == 60);
  CHECK(changed.added == 10);
  CHECK(Xapian::Database(dir.file("db")).get_doccount() == 70);
  CHECK(ids(dir.file("db")).size() == 70);

  const IndexStats compacted =
      index(dir.file("db"), dir.file("changed.jsonl"), 2, IndexOptions::Compact::kAlways);
  CHECK(compacted.compacted);
  CHECK(compacted.unchanged == 70);
  CHECK(Xapian::Database(dir.file("db")).get_doccount() == 70);
}

TEST_CASE("one job and several jobs give the same database content", "[layout]") {
  TempDir dir;
  write_file(dir.file("in.jsonl"), corpus(80));
  index(dir.file("one"), dir.file("in.jsonl"), 1);
  index(dir.file("four"), dir.file("in.jsonl"), 4);
  CHECK(ids(dir.file("one")) == ids(dir.file("four")));
  Xapian::Database one(dir.file("one")), four(dir.file("four"));
  CHECK(one.get_termfreq("Zبيروت") == four.get_termfreq("Zبيروت"));
  CHECK(one.get_collection_freq("Zطهران") == four.get_collection_freq("Zطهران"));
}

TEST_CASE("a directory that is not a database is refused and left alone", "[layout]") {
  TempDir dir;
  fs::create_directories(dir.file("notes"));
  write_file(dir.file("notes/todo.txt"), "keep me");
  write_file(dir.file("in.jsonl"), corpus(3));
  CHECK_THROWS_WITH(index(dir.file("notes"), dir.file("in.jsonl"), 2),
                    Catch::Contains("not a Fahras database"));
  CHECK(fs::exists(dir.file("notes/todo.txt")));
  CHECK_FALSE(fs::exists(dir.file("notes/XAPIANDB")));

  write_file(dir.file("afile"), "x");
  CHECK_THROWS_WITH(index(dir.file("afile"), dir.file("in.jsonl"), 2), Catch::Contains("is a file"));
}

TEST_CASE("a database of an older index schema is refused and left alone", "[layout]") {
  TempDir dir;
  {
    Xapian::WritableDatabase db(dir.file("old"), Xapian::DB_CREATE);
    db.set_metadata(schema::kChainKey, chain().identity());
    db.set_metadata(schema::kSchemaKey, std::to_string(schema::kSchemaVersion - 1));
    db.add_document(Xapian::Document());
    db.commit();
  }
  write_file(dir.file("in.jsonl"), corpus(3));
  CHECK_THROWS_WITH(index(dir.file("old"), dir.file("in.jsonl"), 1),
                    Catch::Contains("has index schema " +
                                    std::to_string(schema::kSchemaVersion - 1)) &&
                        Catch::Contains("index into a new database"));
  CHECK(Xapian::Database(dir.file("old")).get_doccount() == 1);
}

TEST_CASE("a plain Xapian database made by an older run is indexed as one shard", "[layout]") {
  TempDir dir;
  {
    Xapian::WritableDatabase db(dir.file("plain"), Xapian::DB_CREATE);
    db.set_metadata(schema::kChainKey, chain().identity());
    db.set_metadata(schema::kSchemaKey, std::to_string(schema::kSchemaVersion));
    db.commit();
  }
  write_file(dir.file("in.jsonl"), corpus(5));
  const IndexStats stats = index(dir.file("plain"), dir.file("in.jsonl"), 4);
  CHECK(stats.shards == 1);
  CHECK(stats.added == 5);
  CHECK_FALSE(fs::exists(dir.file("plain/XAPIANDB")));
}

TEST_CASE("shards left by an interrupted compaction are cleaned up", "[layout]") {
  TempDir dir;
  write_file(dir.file("in.jsonl"), corpus(10));
  index(dir.file("db"), dir.file("in.jsonl"), 2);
  fs::create_directories(dir.file("db/shard-0.9"));
  write_file(dir.file("db/shard-0.9/junk"), "partial");
  // A run cleans up once it holds the shards' locks.
  index(dir.file("db"), dir.file("in.jsonl"), 2);
  CHECK(open_layout(dir.file("db"), 2).shards.size() == 2);
  CHECK_FALSE(fs::exists(dir.file("db/shard-0.9")));
}

TEST_CASE("a creation killed before its stub was written starts afresh", "[layout]") {
  TempDir dir;
  fs::create_directories(dir.file("db/shard-0.1"));
  fs::create_directories(dir.file("db/shard-1.1"));
  write_file(dir.file("db/shard-0.1/junk"), "partial");
  write_file(dir.file("in.jsonl"), corpus(10));
  const IndexStats stats = index(dir.file("db"), dir.file("in.jsonl"), 2);
  CHECK(stats.added == 10);
  CHECK(Xapian::Database(dir.file("db")).get_doccount() == 10);
}

}  // namespace
}  // namespace fahras
