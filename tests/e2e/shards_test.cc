// End-to-end tests of searching a sharded archive: corpus/ indexed by the real
// fahras-index into two shard databases, served by real xapian-tcpsrv
// servers, searched by the real fahras-query as tcp:// shards, through a stub
// file and as local --db directories. Every way must answer exactly as the
// one database of everything: same ids in the same order, same scores, same
// estimates.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <xapian.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.h"
#include "tests/e2e/tcp_server.h"
#include "tests/support.h"

namespace fahras::test::e2e {
namespace {

using Catch::Matchers::Contains;
using nlohmann::json;

// corpus/ in two shards: A holds the seed article and the first half of
// articles.jsonl, B the rest. Built once.
struct ShardDbs {
  TempDir dir;
  std::string a = dir.file("shard-a"), b = dir.file("shard-b");
  RunResult index_a, index_b;
  ShardDbs() {
    const auto& records = corpus_records();
    const size_t half = records.size() / 2;
    std::string first, second;
    for (size_t i = 0; i < records.size(); ++i) {
      (i < half ? first : second) += records[i].dump() + "\n";
    }
    write_file(dir.file("a.jsonl"), first);
    write_file(dir.file("b.jsonl"), second);
    index_a =
        run(index_tool(), {"--db", a, corpus_dir() + "/" + kSeedId + ".txt", dir.file("a.jsonl")});
    index_b = run(index_tool(), {"--db", b, dir.file("b.jsonl")});
  }
};

const ShardDbs& shard_dbs() {
  static const ShardDbs dbs;
  return dbs;
}

// Words, phrases, boolean operators, filters, dates, a pure NOT, and nothing.
const std::vector<std::string> kQueries = {
    "طاجيكستان",
    "طهران بيروت دمشق",
    "الأمم المتحدة",
    "\"الأمم المتحدة\"",
    "\"وزير الخارجية\"",
    "إيران AND طاجيكستان",
    "إيران NOT طاجيكستان",
    "(فرنسا OR لبنان) AND الرئيس",
    "+الحكومة -لبنان",
    "title:طهران",
    "source:wafa",
    "category:politics",
    "الاقتصاد category:economy",
    "year:2023",
    "date:2019-01-01..2021-12-31",
    "فرنسا date:2018-01-01..",
    "NOT طهران",
    "كلمةغيرموجودة",
};

std::string batch_input() {
  std::string input;
  for (size_t i = 0; i < kQueries.size(); ++i) {
    input += std::to_string(i) + "\t" + kQueries[i] + "\n";
  }
  return input;
}

// fahras-query with a --db for each of `dbs`, then `args`.
RunResult query_dbs(const std::vector<std::string>& dbs, const std::vector<std::string>& args,
                    const std::string& input = "") {
  std::vector<std::string> all;
  for (const std::string& db : dbs) all.insert(all.end(), {"--db", db});
  all.insert(all.end(), args.begin(), args.end());
  return run(query_tool(), all, input);
}

// Checks that two --format json batch answers are the same results: ids and
// ranks in order, scores within 1e-9, estimates; `what` names the sharded way.
void check_same_json(const std::string& expected_text, const std::string& actual_text,
                     const std::string& what) {
  const json expected = json::parse(expected_text);
  const json actual = json::parse(actual_text);
  REQUIRE(expected.size() == kQueries.size());
  REQUIRE(actual.size() == expected.size());
  size_t compared = 0;
  for (size_t q = 0; q < expected.size(); ++q) {
    INFO(what << ", query " << kQueries[q]);
    CHECK(actual[q]["query_id"] == expected[q]["query_id"]);
    CHECK(actual[q]["estimate"] == expected[q]["estimate"]);
    const json& want = expected[q]["hits"];
    const json& got = actual[q]["hits"];
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      INFO("hit " << i);
      CHECK(got[i]["id"] == want[i]["id"]);
      CHECK(got[i]["rank"] == want[i]["rank"]);
      CHECK(std::fabs(got[i]["score"].get<double>() - want[i]["score"].get<double>()) < 1e-9);
      CHECK(got[i]["snippet"] == want[i]["snippet"]);
      ++compared;
    }
  }
  CHECK(compared > 100);  // the queries find something
}

// The same for --format trec: every field the same, the printed score within its last digit.
void check_same_trec(const std::string& expected_text, const std::string& actual_text,
                     const std::string& what) {
  const auto expected = lines_of(expected_text);
  const auto actual = lines_of(actual_text);
  REQUIRE(actual.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO(what << ", line " << i << ": " << expected[i]);
    const auto want = fields_of(expected[i]);
    const auto got = fields_of(actual[i]);
    REQUIRE(want.size() == 6);
    REQUIRE(got.size() == 6);
    for (size_t f : {0, 1, 2, 3, 5}) CHECK(got[f] == want[f]);
    CHECK(std::fabs(std::stod(got[4]) - std::stod(want[4])) < 2e-6);
  }
}

TEST_CASE("fahras-query: shards, remote or local, answer as the one database", "[e2e][shards]") {
  INFO("fahras-index: " << shared_db().indexing.err << shard_dbs().index_a.err
                        << shard_dbs().index_b.err);
  REQUIRE(shared_db().ok());
  REQUIRE(shard_dbs().index_a.status == 0);
  REQUIRE(shard_dbs().index_b.status == 0);
  const std::string& a = shard_dbs().a;
  const std::string& b = shard_dbs().b;
  TempDir dir;
  TcpServer server_a({a});
  TcpServer server_b({b});
  write_file(dir.file("remote.stub"), "# corpus/ in two shards\n" + server_a.stub_line() + "\n" +
                                          server_b.stub_line() + "\n");
  write_file(dir.file("local.stub"), "auto " + a + "\nauto " + b + "\n");

  const std::vector<std::pair<std::string, std::vector<std::string>>> ways = {
      {"two tcp:// shards", {server_a.url(), server_b.url()}},
      {"a stub of two remote shards", {dir.file("remote.stub")}},
      {"two local --db", {a, b}},
      {"a stub of two local shards", {dir.file("local.stub")}},
      {"one remote, one local", {server_a.url(), b}},
  };
  const std::vector<std::string> one = {shared_db().path};
  const std::string input = batch_input();

  // Remote shards carry no synonym or spelling table: each one's tables
  // database is opened where the indexer made it.
  auto with = [](std::vector<std::string> args, const std::vector<std::string>& extra) {
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  const std::vector<std::string> extra;
  for (const auto& [what, dbs] : ways) {
    INFO(what);
    const auto json_args = with({"--batch", "-", "--format", "json", "--limit", "1000"}, extra);
    const RunResult want_json = query_dbs(one, json_args, input);
    REQUIRE(want_json.status == 0);
    const auto trec_args = with({"--batch", "-", "--format", "trec", "--limit", "1000"}, extra);
    const RunResult want_trec = query_dbs(one, trec_args, input);
    REQUIRE(want_trec.status == 0);
    const auto page_args =
        with({"--batch", "-", "--format", "trec", "--limit", "4", "--offset", "3"}, extra);
    const RunResult want_page = query_dbs(one, page_args, input);
    REQUIRE(want_page.status == 0);
    const RunResult got_json = query_dbs(dbs, json_args, input);
    INFO("stderr: " << got_json.err);
    REQUIRE(got_json.status == 0);
    check_same_json(want_json.out, got_json.out, what);

    const RunResult got_trec = query_dbs(dbs, trec_args, input);
    REQUIRE(got_trec.status == 0);
    check_same_trec(want_trec.out, got_trec.out, what);

    // A page from the middle: the same hits (estimates may differ once cut).
    const RunResult got_page = query_dbs(dbs, page_args, input);
    REQUIRE(got_page.status == 0);
    check_same_trec(want_page.out, got_page.out, what + ", --limit 4 --offset 3");

    for (const std::string q : {"طاجيكستان", "source:alahram", "\"الأمم المتحدة\" OR year:2020"}) {
      INFO("query " << q);
      const auto ids_args = with({"--format", "ids", "--limit", "1000", q}, extra);
      const RunResult want_ids = query_dbs(one, ids_args);
      const RunResult got_ids = query_dbs(dbs, ids_args);
      CHECK(got_ids.status == want_ids.status);
      CHECK(got_ids.out == want_ids.out);
      const RunResult want_text = query_dbs(one, with({"--color", "never", q}, extra));
      const RunResult got_text = query_dbs(dbs, with({"--color", "never", q}, extra));
      CHECK(got_text.out == want_text.out);
    }
    const RunResult nothing = query_dbs(dbs, {"--format", "ids", "كلمةغيرموجودة"});
    CHECK(nothing.status == 1);
    CHECK(nothing.out.empty());
  }
}

// The whole content of the file at `path`.
std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// corpus/ indexed with a user's synonyms into one database of two shards,
// whose shards are then served by xapian-tcpsrv. Built once.
struct ServedDb {
  TempDir dir;
  std::string path = dir.file("db");
  RunResult indexing;
  std::vector<std::string> shards;  // the shard directories, as the stub lists them
  std::string tables;               // the tables database
  ServedDb() {
    // جمهورية is in the seed article, رمضان in articles of its own.
    write_file(dir.file("synonyms.txt"), "جمهورية, رمضان\n");
    indexing = run(index_tool(), {"--db", path, "--jobs", "2", "--synonyms",
                                  dir.file("synonyms.txt"), corpus_dir()});
    for (const std::string& line : lines_of(read_file(path + "/XAPIANDB"))) {
      const std::string where = path + "/" + line.substr(line.find(' ') + 1);
      (line == "auto tables" ? tables : shards.emplace_back()) = where;
    }
  }
};

// Variant names, a user's synonyms, misspellings, phrases, filters and dates.
const std::vector<std::string> kTableQueries = {
    "طاجيكستان",
    "طاجكستان",
    "لطاجكستان والأمم المتحدة",
    "رمضان",
    "title:رمضان",
    "طاجيكسان",
    "إيران طاجيكسان",
    "الامم المتحده",
    "\"الأمم المتحدة\"",
    "\"وزير الخارجية\" OR طهران",
    "الاقتصاد category:economy",
    "جمهورية date:2015..2024",
    "بيروت source:alahram",
};

TEST_CASE("fahras-query: remote shards answer exactly as the local database, tables included",
          "[e2e][shards][synonyms][spelling]") {
  static const ServedDb db;
  INFO("fahras-index: " << db.indexing.err);
  REQUIRE(db.indexing.status == 0);
  REQUIRE(db.shards.size() == 2);
  REQUIRE_FALSE(db.tables.empty());
  TempDir dir;
  std::filesystem::copy(db.tables, dir.file("tables-copy"),
                        std::filesystem::copy_options::recursive);
  TcpServer server_0({db.shards[0]});
  TcpServer server_1({db.shards[1]});
  TcpServer server_all({db.path});
  write_file(dir.file("remote.stub"), server_0.stub_line() + "\n" + server_1.stub_line() +
                                          "\nauto " + dir.file("tables-copy") + "\n");
  const std::vector<std::pair<std::string, std::vector<std::string>>> ways = {
      {"two tcp:// shards, the tables where they were made", {server_0.url(), server_1.url()}},
      {"two tcp:// shards and a copy of the tables",
       {server_0.url(), server_1.url(), dir.file("tables-copy")}},
      {"a stub of two remote shards and a copy of the tables", {dir.file("remote.stub")}},
      {"one remote shard, one local", {server_0.url(), db.shards[1]}},
      {"the whole database served", {server_all.url()}},
  };
  std::string input;
  for (size_t i = 0; i < kTableQueries.size(); ++i) {
    input += std::to_string(i) + "\t" + kTableQueries[i] + "\n";
  }
  const std::vector<std::vector<std::string>> outputs = {
      {"--format", "trec", "--limit", "1000"},
      {"--format", "trec", "--limit", "1000", "--collapse"},
      {"--format", "json", "--limit", "20", "--facet", "source", "--facet", "year"},
      {"--format", "json", "--limit", "5", "--collapse", "--sort", "recency", "--explain"},
  };
  for (const auto& output : outputs) {
    std::vector<std::string> args = {"--batch", "-"};
    args.insert(args.end(), output.begin(), output.end());
    const RunResult want = query_dbs({db.path}, args, input);
    REQUIRE(want.status == 0);
    REQUIRE(lines_of(want.out).size() > 50);
    CHECK_THAT(want.out, Contains("suggestion") || Contains(" Q0 "));
    for (const auto& [what, dbs] : ways) {
      INFO(what << ": " << output[1] << " " << output.back());
      const RunResult got = query_dbs(dbs, args, input);
      INFO("stderr: " << got.err);
      CHECK(got.status == 0);
      CHECK(got.out == want.out);  // ids, order, scores, suggestions, facets: all of it
    }
  }
  // The tables are what make the answers the same.
  const RunResult with = query_dbs({db.path}, {"--format", "ids", "--limit", "1000", "رمضان"});
  const RunResult without =
      query_dbs({db.path}, {"--format", "ids", "--limit", "1000", "--no-synonyms", "رمضان"});
  CHECK(lines_of(with.out).size() > lines_of(without.out).size());
}

TEST_CASE("fahras-query: remote shards whose tables are not there are an error", "[e2e][shards]") {
  TempDir dir;
  const std::string path = dir.file("db");
  REQUIRE(run(index_tool(), {"--db", path, "--jobs", "2", corpus_dir()}).status == 0);
  const auto stub = lines_of(read_file(path + "/XAPIANDB"));
  REQUIRE(stub.size() == 3);
  TcpServer server({path + "/" + stub[0].substr(5)});
  std::filesystem::rename(path + "/tables", dir.file("elsewhere"));
  const RunResult r = query_dbs({server.url(), path + "/" + stub[1].substr(5)}, {"طهران"});
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Contains(server.url()) && Contains(path + "/tables") &&
                        Contains("synonym and spelling tables") && Contains("--db PATH"));
  // A tables database is no shard to serve.
  TcpServer tables_server({dir.file("elsewhere")});
  const RunResult served = query_dbs({server.url(), tables_server.url()}, {"طهران"});
  CHECK(served.status == 2);
  CHECK_THAT(served.err, Contains(tables_server.url()) && Contains("tables database"));
  // Given, it answers.
  CHECK(query_dbs({server.url(), dir.file("elsewhere")}, {"طهران"}).status == 0);
}

TEST_CASE("fahras-query: a shard that cannot be used is named", "[e2e][shards]") {
  REQUIRE(shard_dbs().index_a.status == 0);
  TempDir dir;
  SECTION("nothing listens at a tcp:// address") {
    const std::string url = "tcp://127.0.0.1:" + std::to_string(free_port());
    const RunResult r = query_dbs({shard_dbs().a, url}, {"طهران"});
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Contains(url));
    CHECK_THAT(r.err, Contains("refused"));
  }
  SECTION("a stub line names a server that is down") {
    const std::string port = std::to_string(free_port());
    write_file(dir.file("s.stub"), "auto " + shard_dbs().a + "\nremote 127.0.0.1:" + port + "\n");
    const RunResult r = query_dbs({dir.file("s.stub")}, {"طهران"});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains("s.stub:2"));
    CHECK_THAT(r.err, Contains("127.0.0.1:" + port));
    CHECK_THAT(r.err, Contains("refused"));
  }
  SECTION("a served database that is not a Fahras one") {
    {
      Xapian::WritableDatabase plain(dir.file("plain"), Xapian::DB_CREATE);
      plain.add_document(Xapian::Document());
      plain.commit();
    }
    TcpServer server({dir.file("plain")});
    const RunResult r = query_dbs({shard_dbs().a, server.url()}, {"طهران"});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains(server.url()));
    CHECK_THAT(r.err, Contains("not a Fahras database"));
  }
  SECTION("a malformed address") {
    const RunResult r = query_dbs({"tcp://127.0.0.1"}, {"طهران"});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains("tcp://HOST:PORT"));
  }
  SECTION("--help describes the kinds of --db") {
    const RunResult r = run(query_tool(), {"--help"});
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Contains("tcp://HOST:PORT"));
    CHECK_THAT(r.out, Contains("stub"));
  }
}

}  // namespace
}  // namespace fahras::test::e2e
