// Tests for common/search/database (opening stub files and remote shards,
// checking every shard's analysis chain) and for searches that run while an
// indexer commits. Remote shards are real xapian-tcpsrv servers.
#include "common/search/database.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/index/indexer.h"
#include "common/schema.h"
#include "common/search/searcher.h"
#include "tests/e2e/tcp_server.h"
#include "tests/support.h"

namespace fahras {
namespace {

using Catch::Matchers::Contains;
using test::TcpServer;
using test::TempDir;
using test::write_file;
using Ids = std::set<std::string>;

std::shared_ptr<const AnalysisChain> chain() {
  return test::loaded_chain();
}

// Indexes the JSON Lines `jsonl` into the database `db` (created if need be),
// committing every `batch` articles.
void index_into(const std::string& db, const std::string& jsonl, unsigned batch = 5000) {
  const std::string input = db + ".jsonl";
  write_file(input, jsonl);
  IndexOptions options;
  options.db_path = db;
  options.inputs = {input};
  options.batch_size = batch;
  options.jobs = 1;
  const IndexStats stats = index_corpus(options, *chain());
  if (stats.failed != 0) throw std::runtime_error("not indexed: " + db);
}

std::string article(const std::string& id, const std::string& body) {
  return R"({"id":")" + id + R"(","body":")" + body + "\"}\n";
}

// A database at `path` that records another analysis chain.
void make_foreign_db(const std::string& path) {
  index_into(path, article("foreign", "بيروت"));
  Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
  db.set_metadata(schema::kChainKey, "fahras-arabic 0; lexicon 1 words, crc32 00000000");
  db.commit();
}

// A Xapian database at `path` that is not a Fahras one.
void make_plain_db(const std::string& path) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
  db.add_document(Xapian::Document());
  db.commit();
}

// The error message `open_database(spec)` throws, or "" if it opens.
std::string open_error(const std::string& spec, const OpenOptions& options = {}) {
  try {
    open_database(spec, *chain(), options);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

Ids ids_of(Searcher& searcher, const std::string& query) {
  SearchOptions options;
  options.limit = 1000;
  Ids out;
  for (const Hit& h : searcher.search("1", query, options).hits) out.insert(h.id);
  return out;
}

// Two small shards, built once for the file.
struct Shards {
  TempDir dir;
  std::string a = dir.file("a"), b = dir.file("b");
  Shards() {
    index_into(a, article("a1", "زار الوزير بيروت") + article("a2", "وصل الوفد إلى دمشق"));
    index_into(b, article("b1", "بيروت مدينة جميلة") + article("b2", "القمة في طهران"));
  }
};

const Shards& shards() {
  static const Shards s;
  return s;
}

TEST_CASE("tcp:// addresses are read or refused", "[database]") {
  CHECK_FALSE(parse_tcp_url("/srv/news.db").has_value());
  CHECK_FALSE(parse_tcp_url("news.stub").has_value());
  const auto plain = parse_tcp_url("tcp://127.0.0.1:8100");
  REQUIRE(plain.has_value());
  CHECK(plain->host == "127.0.0.1");
  CHECK(plain->port == 8100);
  const auto named = parse_tcp_url("tcp://search-2.internal:65535");
  REQUIRE(named.has_value());
  CHECK(named->host == "search-2.internal");
  CHECK(named->port == 65535);
  const auto v6 = parse_tcp_url("tcp://[::1]:8100");
  REQUIRE(v6.has_value());
  CHECK(v6->host == "::1");
  for (const std::string bad :
       {"tcp://", "tcp://host", "tcp://host:", "tcp://:8100", "tcp://host:0", "tcp://host:65536",
        "tcp://host:80x", "tcp://host:8100/db", "tcp://::1:8100", "tcp://a b:1"}) {
    INFO(bad);
    CHECK_THROWS_WITH(parse_tcp_url(bad), Contains("tcp://HOST:PORT"));
  }
}

TEST_CASE("a stub file opens every database it lists, as one", "[database]") {
  TempDir dir;
  // Relative paths are relative to the stub's folder, as in Xapian.
  const std::string rel_a = std::filesystem::relative(shards().a, dir.path()).string();
  write_file(dir.file("news.stub"),
             "# two shards\nauto " + rel_a + "\n\nauto " + shards().b + "\n");
  const Xapian::Database db = open_database(dir.file("news.stub"), *chain());
  CHECK(db.size() == 4);  // each database: its shard and its tables database
  CHECK(db.get_doccount() == 4);
  Searcher searcher({dir.file("news.stub")}, chain());
  CHECK(ids_of(searcher, "بيروت") == Ids{"a1", "b1"});

  SECTION("a stub directory (DIR/XAPIANDB) and a stub listing a stub") {
    std::filesystem::create_directory(dir.file("stubdir"));
    write_file(dir.file("stubdir/XAPIANDB"), "auto ../news.stub\n");
    CHECK(open_database(dir.file("stubdir"), *chain()).get_doccount() == 4);
  }
  SECTION("mixed with --db directories") {
    TempDir more;
    index_into(more.file("c"), article("c1", "بيروت"));
    Searcher both({dir.file("news.stub"), more.file("c")}, chain());
    CHECK(ids_of(both, "بيروت") == Ids{"a1", "b1", "c1"});
  }
}

TEST_CASE("every database of a stub must be a Fahras database of this chain", "[database]") {
  TempDir dir;
  make_foreign_db(dir.file("foreign"));
  make_plain_db(dir.file("plain"));
  // Xapian answers metadata of a stub from its first database only: checking
  // the stub as a whole would let these through.
  write_file(dir.file("foreign.stub"),
             "auto " + shards().a + "\nauto " + dir.file("foreign") + "\n");
  CHECK(Xapian::Database(dir.file("foreign.stub")).get_metadata(schema::kChainKey) ==
        chain()->identity());
  std::string error = open_error(dir.file("foreign.stub"));
  CHECK_THAT(error, Contains("foreign.stub:2"));
  CHECK_THAT(error, Contains("was built with analysis chain 'fahras-arabic 0"));

  write_file(dir.file("plain.stub"), "auto " + shards().a + "\nauto " + dir.file("plain") + "\n");
  error = open_error(dir.file("plain.stub"));
  CHECK_THAT(error, Contains("plain.stub:2"));
  CHECK_THAT(error, Contains("not a Fahras database"));
}

TEST_CASE("a stub that cannot be read is refused with its file and line", "[database]") {
  TempDir dir;
  auto error_of = [&](const std::string& content) {
    write_file(dir.file("s.stub"), content);
    return open_error(dir.file("s.stub"));
  };
  CHECK_THAT(error_of("auto " + shards().a + "\nfrobnicate x\n"), Contains("s.stub:2"));
  CHECK_THAT(error_of("auto " + shards().a + "\nfrobnicate x\n"), Contains("auto PATH"));
  CHECK_THAT(error_of("auto " + dir.file("missing") + "\n"), Contains("s.stub:1"));
  CHECK_THAT(error_of("auto " + dir.file("missing") + "\n"), Contains("No such file"));
  // Xapian 1.4 writes "remote HOST:PORT", without "tcp".
  CHECK_THAT(error_of("remote tcp 127.0.0.1:8100\n"), Contains("without 'tcp'"));
  CHECK_THAT(error_of("remote 127.0.0.1\n"), Contains("remote HOST:PORT"));
  CHECK_THAT(error_of("inmemory\n"), Contains("not a Fahras database"));
  CHECK_THAT(error_of("# nothing\n\n"), Contains("lists no database"));
  CHECK_THAT(error_of("auto s.stub\n"), Contains("nested too deeply"));
  // A JSON Lines file given to --db by mistake is not taken for a database.
  CHECK_THAT(error_of(article("x", "y")), Contains("not a stub database line"));
}

TEST_CASE("remote shards served by xapian-tcpsrv search as one with local ones", "[database]") {
  TcpServer server_a({shards().a});
  TcpServer server_b({shards().b});
  SECTION("tcp:// addresses") {
    Searcher remote({server_a.url(), server_b.url()}, chain());
    CHECK(ids_of(remote, "بيروت") == Ids{"a1", "b1"});
    CHECK(ids_of(remote, "طهران OR دمشق") == Ids{"a2", "b2"});
  }
  SECTION("a stub file of remote shards") {
    TempDir dir;
    write_file(dir.file("r.stub"), server_a.stub_line() + "\n" + server_b.stub_line() + "\n");
    Searcher remote({dir.file("r.stub")}, chain());
    CHECK(ids_of(remote, "بيروت") == Ids{"a1", "b1"});
  }
  SECTION("one remote, one local") {
    Searcher mixed({server_a.url(), shards().b}, chain());
    CHECK(ids_of(mixed, "بيروت") == Ids{"a1", "b1"});
  }
}

TEST_CASE("a remote shard of another chain, or not Fahras, is refused by name", "[database]") {
  TempDir dir;
  make_foreign_db(dir.file("foreign"));
  make_plain_db(dir.file("plain"));
  TcpServer foreign({dir.file("foreign")});
  TcpServer plain({dir.file("plain")});
  std::string error = open_error(foreign.url());
  CHECK_THAT(error, Contains(foreign.url()));
  CHECK_THAT(error, Contains("was built with analysis chain"));
  error = open_error(plain.url());
  CHECK_THAT(error, Contains(plain.url()));
  CHECK_THAT(error, Contains("not a Fahras database"));
  // In a stub, the line names it.
  write_file(dir.file("r.stub"), "auto " + shards().a + "\n" + plain.stub_line() + "\n");
  error = open_error(dir.file("r.stub"));
  CHECK_THAT(error, Contains("r.stub:2"));
  CHECK_THAT(error, Contains(plain.stub_line()));
  CHECK_THAT(error, Contains("not a Fahras database"));
}

TEST_CASE("a remote shard that cannot be reached is named with the reason", "[database]") {
  SECTION("nothing listens: refused") {
    const std::string url = "tcp://127.0.0.1:" + std::to_string(test::free_port());
    const std::string error = open_error(url);
    CHECK_THAT(error, Contains(url));
    CHECK_THAT(error, Contains("refused"));
    CHECK_THAT(error, Contains("xapian-tcpsrv"));
  }
  SECTION("a listener that never answers: timeout") {
    test::LocalSocket silent(true);
    const std::string url = "tcp://127.0.0.1:" + std::to_string(silent.port());
    OpenOptions quick;
    quick.timeout_ms = 300;
    const auto start = std::chrono::steady_clock::now();
    const std::string error = open_error(url, quick);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    CHECK_THAT(error, Contains(url));
    CHECK_THAT(error, Contains("300 ms"));
  }
  SECTION("a host that does not exist") {
    const std::string error = open_error("tcp://fahras-no-such-host.invalid:8100");
    CHECK_THAT(error, Contains("fahras-no-such-host.invalid"));
    CHECK_THAT(error, Contains("cannot resolve"));
  }
  SECTION("a server stopped after opening") {
    auto server = std::make_unique<TcpServer>(std::vector<std::string>{shards().a});
    Searcher searcher({server->url()}, chain());
    CHECK(ids_of(searcher, "بيروت") == Ids{"a1"});
    server->stop();
    // The searcher connects again, and says why it cannot.
    CHECK_THROWS_WITH(ids_of(searcher, "بيروت"), Contains("refused"));
  }
  SECTION("a server restarted after opening") {
    auto server = std::make_unique<TcpServer>(std::vector<std::string>{shards().a});
    Searcher searcher({server->url()}, chain());
    CHECK(ids_of(searcher, "بيروت") == Ids{"a1"});
    const unsigned port = server->port();
    server.reset();
    // The same port again: the searcher's connection was closed, it connects anew.
    server = std::make_unique<TcpServer>(std::vector<std::string>{shards().b}, port);
    CHECK(ids_of(searcher, "بيروت") == Ids{"b1"});
  }
}

// Articles "id0".."id{n-1}" with long bodies unlike those of another `round`:
// replacing them rewrites the database's blocks, so that a few commits
// discard an old revision for good.
std::string round_of_articles(int round, int n) {
  std::string out;
  unsigned x = 12345u + static_cast<unsigned>(round) * 7919u;
  for (int i = 0; i < n; ++i) {
    std::string body = "بيروت round" + std::to_string(round);
    for (int w = 0; w < 300; ++w) {
      body += ' ';
      for (int c = 0; c < 6; ++c) {
        x = x * 1103515245u + 12345u;
        body += static_cast<char>('a' + (x >> 16) % 26);
      }
    }
    out += article("id" + std::to_string(i), body);
  }
  return out;
}

TEST_CASE("LiveDatabase::read reopens at the latest commit and runs again", "[database]") {
  TempDir dir;
  const std::string path = dir.file("db");
  index_into(path, round_of_articles(0, 60));
  LiveDatabase live({path}, chain());
  // Two more commits replacing every article: glass keeps two revisions, so
  // the one `live` has open is gone.
  index_into(path, round_of_articles(1, 60));
  index_into(path, round_of_articles(2, 60));

  int attempts = 0;
  const std::string data = live.read([&] {
    ++attempts;
    Xapian::Enquire enquire(live.get());
    enquire.set_query(Xapian::Query(schema::term(schema::TermKind::kStem, chain()->stem("بيروت"))));
    std::string all;
    const Xapian::MSet mset = enquire.get_mset(0, 100);
    for (auto it = mset.begin(); it != mset.end(); ++it) all += live.texts().decode(it.get_document().get_data());
    return all;
  });
  CHECK(attempts == 2);  // the first one met Xapian::DatabaseModifiedError
  CHECK_THAT(data, Contains("round2"));
  CHECK_THAT(data, !Contains("round0"));
  CHECK(live.generation() == 0);  // reopened, not opened afresh

  SECTION("it gives up after `attempts` tries") {
    int tries = 0;
    auto always_modified = [&]() -> int {
      ++tries;
      throw Xapian::DatabaseModifiedError("test");
    };
    CHECK_THROWS_AS(live.read(always_modified, 3), Xapian::DatabaseModifiedError);
    CHECK(tries == 3);
  }
  SECTION("other errors go through at once") {
    int tries = 0;
    auto bad_query = [&]() -> int {
      ++tries;
      throw Xapian::QueryParserError("test");
    };
    CHECK_THROWS_AS(live.read(bad_query), Xapian::QueryParserError);
    CHECK(tries == 1);
  }
}

TEST_CASE("LiveDatabase follows a stub switched to new shards", "[database]") {
  TempDir dir;
  const std::string path = dir.file("db");
  std::filesystem::create_directory(path);
  index_into(path + "/s1", article("one", "بيروت"));
  write_file(path + "/XAPIANDB", "auto s1\n");
  LiveDatabase live({path}, chain());
  CHECK(live.get().get_doccount() == 1);
  // As the indexer's compaction does: new shards, the stub renamed over, the old shards removed.
  std::filesystem::copy(path + "/s1", path + "/s2", std::filesystem::copy_options::recursive);
  index_into(path + "/s2", article("two", "بيروت"));
  write_file(path + "/XAPIANDB.tmp", "auto s2\n");
  std::filesystem::rename(path + "/XAPIANDB.tmp", path + "/XAPIANDB");
  std::filesystem::remove_all(path + "/s1");
  CHECK(live.refresh());
  CHECK(live.generation() == 1);
  CHECK(live.get().get_doccount() == 2);
  CHECK_FALSE(live.refresh());  // nothing changed since

  SECTION("a searcher follows it too") {
    Searcher searcher({path}, chain());
    std::filesystem::copy(path + "/s2", path + "/s3", std::filesystem::copy_options::recursive);
    index_into(path + "/s3", article("three", "بيروت"));
    write_file(path + "/XAPIANDB.tmp", "auto s3\n");
    std::filesystem::rename(path + "/XAPIANDB.tmp", path + "/XAPIANDB");
    std::filesystem::remove_all(path + "/s2");
    CHECK(ids_of(searcher, "بيروت") == Ids{"one", "two", "three"});
  }
  SECTION("a switch to a shard of another chain is refused") {
    make_foreign_db(path + "/bad");
    write_file(path + "/XAPIANDB", "auto s2\nauto bad\n");
    CHECK_THROWS_WITH(live.refresh(), Contains("XAPIANDB:2"));
  }
}

TEST_CASE("a searcher sees the last commit of an indexer in the same process", "[database]") {
  TempDir dir;
  const std::string path = dir.file("db");
  index_into(path, round_of_articles(0, 60));
  Searcher searcher({path}, chain());
  CHECK(ids_of(searcher, "round0").size() == 60);
  // Several commits (one per 10 articles): the revision the searcher had open is discarded.
  index_into(path, round_of_articles(1, 60) + article("late", "وصل الوفد إلى بيروت"), 10);
  index_into(path, round_of_articles(2, 60), 10);
  SearchResult result;
  SearchOptions options;
  options.limit = 1000;
  REQUIRE_NOTHROW(result = searcher.search("1", "بيروت", options));
  CHECK(result.hits.size() == 61);
  CHECK(ids_of(searcher, "الوفد") == Ids{"late"});
  CHECK(ids_of(searcher, "round2").size() == 60);
  CHECK(ids_of(searcher, "round0").empty());
}

TEST_CASE("a searcher reads text compressed with a dictionary newer than its opening",
          "[database]") {
  TempDir dir;
  const std::string path = dir.file("db");
  // Too few articles for a dictionary: their text is stored as it is.
  index_into(path, article("first", "وصل الوفد إلى بيروت"));
  REQUIRE(Xapian::Database(path).get_metadata(schema::kTextDictionaryKey).empty());
  Searcher searcher({path}, chain());
  SearchOptions options;
  options.limit = 1000;
  REQUIRE(searcher.search("1", "الوفد", options).hits.size() == 1);
  // The next run trains the database's dictionary and compresses with it.
  index_into(path, round_of_articles(1, 60));
  REQUIRE(!Xapian::Database(path).get_metadata(schema::kTextDictionaryKey).empty());
  SearchResult result;
  REQUIRE_NOTHROW(result = searcher.search("2", "بيروت", options));
  REQUIRE(result.hits.size() == 61);
  for (const Hit& hit : result.hits) {
    INFO(hit.id);
    CHECK_THAT(hit.body, Contains("بيروت"));
  }
}

TEST_CASE("a searcher follows fahras-index's compaction to new shards", "[database]") {
  TempDir dir;
  const std::string path = dir.file("db");
  index_into(path, round_of_articles(0, 20));
  Searcher searcher({path}, chain());
  CHECK(ids_of(searcher, "round0").size() == 20);
  IndexOptions options;
  options.db_path = path;
  options.inputs = {dir.file("more.jsonl")};
  options.compact = IndexOptions::Compact::kAlways;  // new shards; the old ones are deleted
  write_file(options.inputs[0], article("more", "وصل الوفد إلى بيروت"));
  REQUIRE(index_corpus(options, *chain()).compacted);
  CHECK(ids_of(searcher, "الوفد") == Ids{"more"});
  CHECK(ids_of(searcher, "round0").size() == 20);
}

TEST_CASE("searches never fail while an indexer commits", "[database]") {
  TempDir dir;
  const std::string path = dir.file("db");
  index_into(path, round_of_articles(0, 40));
  Searcher searcher({path}, chain());
  constexpr int kRounds = 12;
  std::atomic<bool> done{false};
  std::string writer_error;
  std::thread writer([&] {
    try {
      for (int round = 1; round <= kRounds; ++round) {
        index_into(path, round_of_articles(round, 40), 8);
      }
    } catch (const std::exception& e) {
      writer_error = e.what();
    }
    done = true;
  });
  SearchOptions options;
  options.limit = 100;
  int searches = 0;
  std::string reader_error;
  while (!done) {
    try {
      const SearchResult r = searcher.search("1", "بيروت", options);
      if (r.hits.size() != 40) reader_error = "saw " + std::to_string(r.hits.size()) + " hits";
      ++searches;
    } catch (const Xapian::Error& e) {
      reader_error = e.get_description();
      break;
    }
  }
  writer.join();
  INFO("searches: " << searches);
  CHECK(writer_error.empty());
  CHECK(reader_error.empty());
  CHECK(searches > 0);
  CHECK(ids_of(searcher, "round" + std::to_string(kRounds)).size() == 40);
}

}  // namespace
}  // namespace fahras
