// End-to-end tests of fahras-query's facets, sort orders, --explain, --like
// and --analyze: the real binary on databases built from corpus/ by the real
// fahras-index. Expected facet counts, orders and boosts are computed here
// from corpus/articles.jsonl, not by the engine.
#include <cctype>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/search/ranking.h"
#include "tests/e2e/e2e_support.h"
#include "tests/e2e/tcp_server.h"
#include "tests/support.h"

namespace fahras::test::e2e {
namespace {

using Catch::Matchers::Contains;
using nlohmann::json;
using Counts = std::map<std::string, long>;

std::string db() {
  const SharedDb& shared = shared_db();
  INFO("fahras-index: " << shared.indexing.out << shared.indexing.err);
  REQUIRE(shared.ok());
  return shared.path;
}

// fahras-query --format json ARGS on `dbs`, parsed; requires exit 0.
json query_json(const std::vector<std::string>& dbs, std::vector<std::string> args) {
  std::vector<std::string> all;
  for (const auto& d : dbs) all.insert(all.end(), {"--db", d});
  all.insert(all.end(), {"--format", "json"});
  all.insert(all.end(), args.begin(), args.end());
  const RunResult r = run(query_tool(), all);
  INFO("fahras-query " << r.err);
  REQUIRE(r.status == 0);
  return json::parse(r.out);
}

// A facet of a json result as value → count.
Counts facet_of(const json& result, const std::string& name) {
  Counts counts;
  for (const auto& v : result.at("facets").at(name)) {
    counts[v.at("value").get<std::string>()] = v.at("count").get<long>();
  }
  return counts;
}

// The record of corpus/articles.jsonl with id `id` (null if none).
json record(const std::string& id) {
  for (const auto& r : corpus_records()) {
    if (r.at("id") == id) return r;
  }
  return nullptr;
}

std::string field(const json& r, const char* name) {
  return r.is_object() && r.contains(name) && r[name].is_string() ? r[name].get<std::string>()
                                                                  : std::string();
}

// Counts of `facet` over the records with ids `ids`, computed from the corpus:
// source and category as written, year YYYY and month YYYYMM from the date.
Counts expected_counts(const std::set<std::string>& ids, const std::string& facet) {
  Counts counts;
  for (const std::string& id : ids) {
    const json r = record(id);
    std::string value;
    if (facet == "source" || facet == "category") {
      value = field(r, facet.c_str());
    } else {
      const std::string date = field(r, "date");
      if (date.size() == 10)
        value = facet == "year" ? date.substr(0, 4) : date.substr(0, 4) + date.substr(5, 2);
    }
    if (!value.empty()) ++counts[value];
  }
  return counts;
}

// Ids of the corpus records whose field `name` equals `value`.
std::set<std::string> records_with(const char* name, const std::string& value) {
  return corpus_ids_where(name, [&](const std::string& v) { return v == value; });
}

const std::vector<std::string> kFacets = {"source", "category", "year", "month"};

std::vector<std::string> facet_args() {
  std::vector<std::string> args;
  for (const auto& f : kFacets) args.insert(args.end(), {"--facet", f});
  return args;
}

// ---------------------------------------------------------------------------
// Facets

TEST_CASE("fahras-query --facet: counts over the whole match set equal the corpus's",
          "[e2e][facets]") {
  // Filters whose match sets come straight from the records.
  const std::vector<std::pair<std::string, std::set<std::string>>> filters = {
      {"category:politics", records_with("category", "politics")},
      {"source:alahram", records_with("source", "alahram")},
      {"year:2019",
       corpus_ids_where("date", [](const std::string& d) { return d.rfind("2019", 0) == 0; })},
  };
  for (const auto& [q, ids] : filters) {
    INFO("query: " << q);
    REQUIRE(!ids.empty());
    // --limit 1: the counts must not depend on the page.
    std::vector<std::string> args = facet_args();
    args.insert(args.end(), {"--limit", "1", q});
    const json result = query_json({db()}, args);
    CHECK(result.at("hits").size() == 1);
    for (const auto& f : kFacets) {
      INFO("facet: " << f);
      CHECK(facet_of(result, f) == expected_counts(ids, f));
    }
  }
  // Word queries: the match set from the engine (ids), the counts from the records.
  for (const std::string q : {"طاجيكستان", "لبنان OR فرنسا", "\"الأمم المتحدة\""}) {
    INFO("query: " << q);
    const auto ids = id_set(db(), q);
    REQUIRE(ids.size() > 1);
    std::vector<std::string> args = facet_args();
    args.insert(args.end(), {"--limit", "1", q});
    const json result = query_json({db()}, args);
    for (const auto& f : kFacets) {
      INFO("facet: " << f);
      CHECK(facet_of(result, f) == expected_counts(ids, f));
    }
  }
}

TEST_CASE("fahras-query --facet: order and every output format", "[e2e][facets]") {
  const json result = query_json({db()}, {"--facet", "source", "--facet", "year", "طاجيكستان"});
  const auto& sources = result.at("facets").at("source");
  for (size_t i = 1; i < sources.size(); ++i) {  // by count, most first; then by value
    const auto& a = sources[i - 1];
    const auto& b = sources[i];
    CHECK((a.at("count") > b.at("count") ||
           (a.at("count") == b.at("count") && a.at("value") < b.at("value"))));
  }
  const auto& years = result.at("facets").at("year");
  for (size_t i = 1; i < years.size(); ++i) CHECK(years[i - 1].at("value") > years[i].at("value"));
  // Facets appear only when asked for.
  CHECK(!query_json({db()}, {"طاجيكستان"}).contains("facets"));

  const Counts sources_json = facet_of(result, "source");
  REQUIRE(!sources_json.empty());
  // text: a block after the hits, "COUNT  VALUE" lines.
  const RunResult text = query(db(), {"--facet", "source", "طاجيكستان"});
  REQUIRE(text.status == 0);
  CHECK_THAT(text.out, Contains("\nFacet source (" + std::to_string(sources_json.size())));
  for (const auto& [value, count] : sources_json) {
    CHECK_THAT(text.out, Contains(std::to_string(count) + "  " + value + "\n"));
  }
  // jsonl: one more line with "facets" and no "rank".
  const RunResult jsonl = query(db(), {"--facet", "source", "--format", "jsonl", "طاجيكستان"});
  REQUIRE(jsonl.status == 0);
  const auto lines = lines_of(jsonl.out);
  REQUIRE(lines.size() >= 2);
  const json last = json::parse(lines.back());
  CHECK(!last.contains("rank"));
  CHECK(facet_of(last, "source") == sources_json);
  for (size_t i = 0; i + 1 < lines.size(); ++i) CHECK(json::parse(lines[i]).contains("rank"));
  // ids and trec: standard output stays a list of ids; the facets go to stderr.
  for (const std::string format : {"ids", "trec"}) {
    INFO("format: " << format);
    const RunResult r = query(db(), {"--facet", "source", "--format", format, "طاجيكستان"});
    REQUIRE(r.status == 0);
    CHECK_THAT(r.out, !Contains("Facet"));
    CHECK_THAT(r.err, Contains("Facet source ("));
  }
}

// corpus/ in two shards, as two local databases and behind two xapian-tcpsrv.
struct TwoShards {
  TempDir dir;
  std::string a = dir.file("a.db"), b = dir.file("b.db");
  RunResult index_a, index_b;
  TwoShards() {
    const auto& records = corpus_records();
    std::string first, second;
    for (size_t i = 0; i < records.size(); ++i) {
      (i % 2 ? first : second) += records[i].dump() + "\n";
    }
    write_file(dir.file("a.jsonl"), first);
    write_file(dir.file("b.jsonl"), second);
    index_a = run(index_tool(), {"--db", a, "--jobs", "1", dir.file("a.jsonl")});
    index_b = run(index_tool(), {"--db", b, "--jobs", "2", dir.file("b.jsonl")});
  }
};

TEST_CASE("fahras-query: facets, sorts, --explain and --like on local and remote shards",
          "[e2e][facets][shards]") {
  const TwoShards shards;
  INFO(shards.index_a.err << shards.index_b.err);
  REQUIRE(shards.index_a.status == 0);
  REQUIRE(shards.index_b.status == 0);
  TcpServer server_a({shards.a});
  TcpServer server_b({shards.b});
  // The shared database holds the seed article too; compare with the
  // jsonl records only, indexed as one database.
  TempDir one;
  write_file(one.file("all.jsonl"), [] {
    std::string all;
    for (const auto& r : corpus_records()) all += r.dump() + "\n";
    return all;
  }());
  const RunResult indexed = run(index_tool(), {"--db", one.file("db"), one.file("all.jsonl")});
  REQUIRE(indexed.status == 0);

  const std::vector<std::vector<std::string>> runs = {
      {"طاجيكستان OR لبنان", "--sort", "relevance", "--explain"},
      {"طاجيكستان OR لبنان", "--sort", "recency", "--explain"},
      {"category:politics", "--sort", "recency"},
      {"--like", "art-010"},
  };
  for (auto args : runs) {
    const std::string what = args[0] + " " + args[1];
    INFO(what);
    auto all = facet_args();
    args.insert(args.end(), all.begin(), all.end());
    args.insert(args.end(), {"--limit", "100"});
    const json want = query_json({one.file("db")}, args);
    for (const auto& dbs : std::vector<std::vector<std::string>>{
             {shards.a, shards.b}, {server_a.url(), server_b.url()}, {server_a.url(), shards.b}}) {
      INFO("shards: " << dbs[0] << " " << dbs[1]);
      const json got = query_json(dbs, args);
      CHECK(got.at("facets") == want.at("facets"));
      REQUIRE(got.at("hits").size() == want.at("hits").size());
      for (size_t i = 0; i < got["hits"].size(); ++i) {
        CHECK(got["hits"][i].at("id") == want["hits"][i].at("id"));
        CHECK(std::abs(got["hits"][i].at("score").get<double>() -
                       want["hits"][i].at("score").get<double>()) < 1e-9);
        if (!want["hits"][i].contains("explain")) continue;
        // The same terms with the same weights, summing to the score.
        const auto& got_terms = got["hits"][i].at("explain").at("terms");
        const auto& want_terms = want["hits"][i].at("explain").at("terms");
        REQUIRE(got_terms.size() == want_terms.size());
        double sum = got["hits"][i].at("explain").at("recency");
        for (size_t t = 0; t < got_terms.size(); ++t) {
          CHECK(got_terms[t].at("term") == want_terms[t].at("term"));
          CHECK(std::abs(got_terms[t].at("weight").get<double>() -
                         want_terms[t].at("weight").get<double>()) < 1e-9);
          sum += got_terms[t].at("weight").get<double>();
        }
        CHECK(std::abs(sum - got["hits"][i].at("score").get<double>()) < 1e-9);
      }
    }
  }
  // By date, on remote shards too (no KeyMaker: remote shards refuse one).
  const json by_date = query_json({server_a.url(), server_b.url()}, {"--sort", "date", "طهران"});
  REQUIRE(!by_date.at("hits").empty());
}

// ---------------------------------------------------------------------------
// Sorting

TEST_CASE("fahras-query --sort date: newest first, undated last, the same matches", "[e2e][sort]") {
  const std::string q = "طهران OR لبنان OR category:politics";
  const json by_date = query_json({db()}, {"--sort", "date", "--limit", "1000", q});
  const auto& hits = by_date.at("hits");
  REQUIRE(hits.size() > 5);
  std::set<std::string> got;
  for (size_t i = 0; i < hits.size(); ++i) {
    got.insert(hits[i].at("id").get<std::string>());
    if (i == 0) continue;
    const std::string a = hits[i - 1].at("date"), b = hits[i].at("date");
    INFO("rank " << i + 1);
    if (b.empty()) continue;  // undated ones come last
    REQUIRE(!a.empty());
    CHECK(a >= b);
    if (a == b) CHECK(hits[i - 1].at("score") >= hits[i].at("score"));  // same day by BM25
    if (a == b && hits[i - 1].at("score") == hits[i].at("score")) {
      CHECK(hits[i - 1].at("id") < hits[i].at("id"));
    }
  }
  CHECK(got == id_set(db(), q));
}

TEST_CASE("fahras-query: pages put together give the whole ranking", "[e2e][sort]") {
  const std::string q = "الرئيس الحكومة الوزراء العام مدينة";
  for (const std::string sort : {"relevance", "recency"}) {
    INFO("--sort " << sort);
    const json all = query_json({db()}, {"--sort", sort, "--limit", "1000", q});
    const auto& hits = all.at("hits");
    REQUIRE(hits.size() > kBroadWindow + 5);
    std::vector<std::string> whole, paged;
    for (const auto& hit : hits) whole.push_back(hit.at("id"));
    for (size_t offset = 0; offset < hits.size(); offset += 7) {
      const json page = query_json(
          {db()}, {"--sort", sort, "--offset", std::to_string(offset), "--limit", "7", q});
      for (const auto& hit : page.at("hits")) paged.push_back(hit.at("id"));
    }
    CHECK(paged == whole);
  }
}

TEST_CASE("fahras-query --sort recency: BM25 plus a boost halving every 90 days", "[e2e][sort]") {
  const std::string q = "طهران OR لبنان OR فرنسا";
  const json plain = query_json({db()}, {"--limit", "1000", q});
  const json recent = query_json({db()}, {"--sort", "recency", "--explain", "--limit", "1000", q});
  REQUIRE(plain.at("hits").size() == recent.at("hits").size());
  const double top = plain.at("hits")[0].at("score");
  // The newest date of the whole corpus, from the records.
  std::string newest;
  for (const auto& r : corpus_records()) newest = std::max(newest, field(r, "date"));
  auto days = [](const std::string& date) {  // days since 1970-01-01
    std::tm tm{};
    tm.tm_year = std::stoi(date.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(date.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(date.substr(8, 2));
    return static_cast<long>(timegm(&tm) / 86400);
  };
  const auto& hits = recent.at("hits");
  bool moved = false;
  for (size_t i = 0; i < hits.size(); ++i) {
    const std::string id = hits[i].at("id"), date = hits[i].at("date");
    INFO("id " << id);
    const double boost =
        date.empty() ? 0 : 0.5 * top * std::pow(0.5, (days(newest) - days(date)) / 90.0);
    CHECK(std::abs(hits[i].at("explain").at("recency").get<double>() - boost) < 1e-9);
    // The rest of the score is the hit's BM25 weights (--explain).
    double bm25 = 0;
    for (const auto& t : hits[i].at("explain").at("terms")) bm25 += t.at("weight").get<double>();
    CHECK(std::abs(hits[i].at("score").get<double>() - (bm25 + boost)) < 1e-9);
    moved = moved || plain.at("hits")[i].at("id") != id;
    if (i == 0) continue;
    const double a = hits[i - 1].at("score"), b = hits[i].at("score");
    CHECK(a >= b);
    if (a == b) CHECK(hits[i - 1].at("id") < hits[i].at("id"));  // ties by id
  }
  CHECK(moved);  // the boost changed the order
}

TEST_CASE("fahras-query --sort and --facet: bad values are named", "[e2e][sort]") {
  RunResult r = query(db(), {"--sort", "newest", "طهران"});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("relevance, date or recency"));
  r = query(db(), {"--facet", "author", "طهران"});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("source, category, year, month or day"));
}

TEST_CASE("fahras-query --sort date: ties of day and score by id, however sharded",
          "[e2e][sort][shards]") {
  // Ten articles of one day with the same text (equal scores), indexed in
  // the reverse of id order and split across two shards every other way,
  // and two older ones.
  TempDir dir;
  std::string all, a, b;
  for (int i = 9; i >= 0; --i) {
    const json r = {{"id", "tie-" + std::to_string(i)},
                    {"title", "اجتماع في دوشنبه"},
                    {"body", "عقد اجتماع في دوشنبه"},
                    {"date", "2024-02-0" + std::string(i < 5 ? "1" : "2")}};
    all += r.dump() + "\n";
    ((i % 3) ? a : b) += r.dump() + "\n";
  }
  const json old = {{"id", "old"}, {"title", "دوشنبه"}, {"body", "دوشنبه"}, {"date", "2020-01-01"}};
  all += old.dump() + "\n";
  a += old.dump() + "\n";
  write_file(dir.file("all.jsonl"), all);
  write_file(dir.file("a.jsonl"), a);
  write_file(dir.file("b.jsonl"), b);
  for (const auto& [name, input] : std::vector<std::pair<std::string, std::string>>{
           {"one", "all.jsonl"}, {"a", "a.jsonl"}, {"b", "b.jsonl"}}) {
    const RunResult r = run(index_tool(), {"--db", dir.file(name), "--quiet", dir.file(input)});
    REQUIRE(r.status == 0);
  }
  TcpServer server_a({dir.file("a")});
  const std::vector<std::string> expected = {"tie-5", "tie-6", "tie-7", "tie-8", "tie-9", "tie-0",
                                             "tie-1", "tie-2", "tie-3", "tie-4", "old"};
  for (const auto& dbs : std::vector<std::vector<std::string>>{
           {dir.file("one")}, {dir.file("a"), dir.file("b")}, {server_a.url(), dir.file("b")}}) {
    INFO("dbs: " << dbs[0]);
    const json result = query_json(dbs, {"--sort", "date", "--limit", "100", "دوشنبه"});
    std::vector<std::string> got;
    for (const auto& h : result.at("hits")) got.push_back(h.at("id"));
    CHECK(got == expected);
    // Pages cut through the ties: each is its slice of the whole.
    for (int offset = 0; offset < 11; offset += 3) {
      const json page = query_json(
          dbs, {"--sort", "date", "--limit", "3", "--offset", std::to_string(offset), "دوشنبه"});
      for (size_t i = 0; i < page.at("hits").size(); ++i) {
        CHECK(page["hits"][i].at("id") == expected.at(offset + i));
        CHECK(page["hits"][i].at("rank") == offset + i + 1);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Explain

TEST_CASE("fahras-query --explain: the matched terms' weights sum to the score", "[e2e][explain]") {
  const std::vector<std::string> queries = {
      "طاجيكستان",
      "طاجيكستان طهران دوشنبه",
      "طاجيكستان طاجيكستان",
      "\"وزير الخارجية\" طاجيكستان",
      "title:طاجيكستان OR طاجيكستان",
      "+طهران -بيروت الخارجية",
      "(طهران AND دوشنبه) OR الخارجية",
      "لبنان source:annahar",
  };
  for (const auto& q : queries) {
    INFO("query: " << q);
    const json result = query_json({db()}, {"--explain", "--limit", "1000", q});
    REQUIRE(!result.at("hits").empty());
    for (const auto& hit : result.at("hits")) {
      INFO("hit " << hit.at("id"));
      const auto& terms = hit.at("explain").at("terms");
      CHECK(!terms.empty());
      double sum = hit.at("explain").at("recency");
      for (const auto& t : terms) {
        CHECK(t.at("weight").get<double>() > 0);
        CHECK((t.at("field") == "text" || t.at("field") == "title" || t.at("field") == "broad"));
        sum += t.at("weight").get<double>();
      }
      CHECK(std::abs(sum - hit.at("score").get<double>()) < 1e-9);
    }
  }
  // A word, its stem and its broad stem: every hit of طاجيكستان matches it in
  // the text, and weighs it again through طجكس (its variant spellings with it).
  const json one = query_json({db()}, {"--explain", "طاجيكستان"});
  for (const auto& hit : one.at("hits")) {
    std::map<std::string, std::string> stem_of;  // field → stem
    for (const auto& t : hit.at("explain").at("terms")) stem_of[t.at("field")] = t.at("stem");
    CHECK(stem_of["text"] == "طاجيكستان");
    CHECK(stem_of["broad"] == "طجكس");
  }
  // A phrase's words count only where the phrase is: art-005 holds وزير but
  // not "وزير الخارجية".
  const json phrase =
      query_json({db()}, {"--explain", "--limit", "100", "\"وزير الخارجية\" طاجيكستان"});
  int art_005 = 0;
  for (const auto& hit : phrase.at("hits")) {
    if (hit.at("id") != "art-005") continue;
    ++art_005;
    REQUIRE_FALSE(hit.at("explain").at("terms").empty());
    for (const auto& t : hit.at("explain").at("terms")) {
      CHECK(t.at("stem") == (t.at("field") == "broad" ? "طجكس" : "طاجيكستان"));
    }
  }
  CHECK(art_005 == 1);  // found by طاجيكستان
  // Text: "score S = W stem + ..." under each hit.
  const RunResult text = query(db(), {"--explain", "طاجيكستان"});
  REQUIRE(text.status == 0);
  CHECK_THAT(text.out, Contains(" طاجيكستان\n"));
  CHECK_THAT(text.out, Contains("   score "));
}

// ---------------------------------------------------------------------------
// More like this

TEST_CASE("fahras-query --like: related articles, never the article itself", "[e2e][like]") {
  const json like = query_json({db()}, {"--like", "art-010", "--limit", "1000"});
  const auto& hits = like.at("hits");
  REQUIRE(hits.size() >= 3);
  for (const auto& hit : hits) CHECK(hit.at("id") != "art-010");
  // art-010 is Macron in Beirut; the best three speak of Lebanon, Beirut or France.
  for (size_t i = 0; i < 3; ++i) {
    const json r = record(hits[i].at("id"));
    const std::string text = field(r, "title") + " " + field(r, "body");
    INFO("hit " << hits[i].at("id"));
    CHECK((text.find("لبنان") != std::string::npos || text.find("بيروت") != std::string::npos ||
           text.find("فرنس") != std::string::npos));
  }
  // A query narrows them.
  const json narrowed = query_json({db()}, {"--like", "art-010", "category:politics"});
  for (const auto& hit : narrowed.at("hits")) {
    CHECK(record(hit.at("id")).at("category") == "politics");
  }
  // --explain splits the scores of --like hits too.
  const json explained = query_json({db()}, {"--like", "art-010", "--explain", "--limit", "100"});
  for (const auto& hit : explained.at("hits")) {
    double sum = 0;
    for (const auto& t : hit.at("explain").at("terms")) sum += t.at("weight").get<double>();
    CHECK(std::abs(sum - hit.at("score").get<double>()) < 1e-9);
  }
  // An unknown id is an error that names it.
  const RunResult r = query(db(), {"--like", "no-such-article"});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("no article with id 'no-such-article'"));
}

// ---------------------------------------------------------------------------
// Analyze

TEST_CASE("fahras-query --analyze: clitics, diacritics, tatweel, hamza, Persian letters",
          "[e2e][analyze]") {
  const std::string text = "وَبِالطّاجِيكِسْتانِ فطاجيكستان طاجيكـــستان طاجیکستان، للأمم في";
  const RunResult r = run(query_tool(), {"--analyze", text, "--format", "json"});  // no --db
  INFO(r.err);
  REQUIRE(r.status == 0);
  const json out = json::parse(r.out);
  CHECK(out.at("text") == text);
  const auto& tokens = out.at("tokens");
  REQUIRE(tokens.size() == 6);
  const std::vector<std::string> written = {"وَبِالطّاجِيكِسْتانِ", "فطاجيكستان", "طاجيكـــستان",
                                            "طاجیکستان",     "للأمم",      "في"};
  const std::vector<std::string> normalized = {"وبالطاجيكستان", "فطاجيكستان", "طاجيكستان",
                                               "طاجيكستان",     "للامم",      "في"};
  for (size_t i = 0; i < tokens.size(); ++i) {
    INFO("token " << i + 1);
    CHECK(tokens[i].at("position") == i + 1);
    CHECK(tokens[i].at("written") == written[i]);
    CHECK(tokens[i].at("normalized") == normalized[i]);
    const size_t start = tokens[i].at("start_offset"), end = tokens[i].at("end_offset");
    CHECK(text.substr(start, end - start) == written[i]);
    CHECK(tokens[i].at("term") == "Z" + tokens[i].at("stem").get<std::string>());
    CHECK(tokens[i].at("broad_term") == "XB" + tokens[i].at("broad").get<std::string>());
    if (i < 4) CHECK(tokens[i].at("stem") == "طاجيكستان");
    if (i < 4) CHECK(tokens[i].at("broad") == "طجكس");
  }
  CHECK(tokens[4].at("stem") == "امم");
  CHECK(tokens[0].at("rule") == "article, gazetteer name");
  CHECK(tokens[5].at("query_stopword") == true);
  CHECK(tokens[0].at("query_stopword") == false);
  // The stems are the index's terms: each finds articles in the database.
  const json found = query_json({db()}, {"--plain", "للأمم"});
  CHECK(!found.at("hits").empty());

  const RunResult plain = run(query_tool(), {"--analyze", "وَبِالطّاجِيكِسْتانِ"});
  REQUIRE(plain.status == 0);
  CHECK(plain.out ==
        "#\twritten\tnormalized\tstem\tbroad\trule\n1\tوَبِالطّاجِيكِسْتانِ\tوبالطاجيكستان\tطاجيكستان\tطجكس\t"
        "article, gazetteer name\n");
  const RunResult bad = run(query_tool(), {"--analyze", "x", "--format", "trec"});
  CHECK(bad.status == 2);
}

// ---------------------------------------------------------------------------
// Manual pages

TEST_CASE("cmake --install puts both manual pages in share/man/man1, every option in them",
          "[e2e][man]") {
  TempDir prefix;
  const std::string build_dir = std::string(FAHRAS_BIN_DIR) + "/..";
  const RunResult r =
      run("/usr/bin/env", {"cmake", "--install", build_dir, "--prefix", prefix.path()});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  for (const auto& [tool, page] : std::vector<std::pair<std::string, std::string>>{
           {index_tool(), "fahras-index.1"}, {query_tool(), "fahras-query.1"}}) {
    INFO(page);
    std::ifstream in(prefix.path() + "/share/man/man1/" + page);
    REQUIRE(in);
    std::string roff((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(roff.rfind(".TH ", 0) == 0);
    // Every long option of --help is described (roff writes "-" as "\\-").
    for (size_t at = 0; (at = roff.find("\\-", at)) != std::string::npos;) roff.erase(at, 1);
    const RunResult help = run(tool, {"--help"});
    REQUIRE(help.status == 0);
    size_t at = 0;
    int options = 0;
    while ((at = help.out.find("--", at)) != std::string::npos) {
      size_t end = at + 2;
      while (end < help.out.size() &&
             (std::isalnum(static_cast<unsigned char>(help.out[end])) || help.out[end] == '-')) {
        ++end;
      }
      const std::string name = help.out.substr(at + 2, end - at - 2);
      at = end;
      if (name.empty()) continue;  // "--" itself
      ++options;
      INFO("option --" << name);
      CHECK_THAT(roff, Contains("--" + name));
    }
    CHECK(options > 5);
  }
}

}  // namespace
}  // namespace fahras::test::e2e
