// End-to-end tests of the answers scripts and people rely on: exact counts,
// articles read back, statistics, failures that show, snippets safe for a
// page, and query syntax that never fails silently. The real fahras-query on
// databases built by the real fahras-index from corpus/ and from small
// made-up records.
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.h"
#include "tests/support.h"

namespace fahras::test::e2e {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using nlohmann::json;

std::string db() {
  const SharedDb& shared = shared_db();
  INFO("fahras-index: " << shared.indexing.out << shared.indexing.err);
  REQUIRE(shared.ok());
  return shared.path;
}

// fahras-query ARGS... with standard output on /dev/full (a full disk).
RunResult query_to_full_disk(const std::vector<std::string>& args) {
  std::vector<std::string> sh = {"-c", "exec \"$0\" \"$@\" > /dev/full", query_tool()};
  sh.insert(sh.end(), args.begin(), args.end());
  return run("/bin/sh", sh);
}

// A database of `records` (JSON Lines) in `dir`, built by fahras-index.
std::string made_up_db(const TempDir& dir, const std::string& records) {
  write_file(dir.file("records.jsonl"), records);
  const std::string path = dir.file("db");
  const RunResult r = run(index_tool(), {"--quiet", "--db", path, dir.file("records.jsonl")});
  INFO(r.err);
  REQUIRE(r.status == 0);
  return path;
}

// The corpus records whose date starts with `prefix` ("2023", "2023-05").
std::set<std::string> dated(const std::string& prefix) {
  return corpus_ids_where("date", [&](const std::string& d) { return d.rfind(prefix, 0) == 0; });
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

// ---------------------------------------------------------------------------
// Exact counts

TEST_CASE("fahras-query --count prints the number of matches, the number of ids listed",
          "[e2e][trust]") {
  for (const std::string q : {"طاجيكستان", "طهران OR بيروت", "\"الأمم المتحدة\"", "source:wafa",
                              "year:2019..2021", "ايران -طهران"}) {
    INFO("query " << q);
    const RunResult count = query(db(), {"--count", q});
    REQUIRE(count.status == 0);
    const size_t listed = ids(db(), q, {"--limit", "100000"}).size();
    REQUIRE(listed > 0);
    CHECK(count.out == std::to_string(listed) + "\n");
    CHECK(count.err.empty());
  }
  const RunResult none = query(db(), {"--count", "كلمةغيرموجودة"});
  CHECK(none.status == 1);
  CHECK(none.out == "0\n");
}

TEST_CASE("fahras-query --count with --batch writes qid<TAB>count lines", "[e2e][trust]") {
  const RunResult r =
      query(db(), {"--count", "--batch", "-"}, "a\tطاجيكستان\nb\tكلمةغيرموجودة\nc\tsource:wafa\n");
  CHECK(r.status == 0);
  const std::string want = "a\t" + std::to_string(ids(db(), "طاجيكستان").size()) + "\nb\t0\nc\t" +
                           std::to_string(ids(db(), "source:wafa").size()) + "\n";
  CHECK(r.out == want);
}

TEST_CASE("fahras-query totals: exact ones say N results, json gives total", "[e2e][trust]") {
  const size_t n = ids(db(), "طاجيكستان").size();
  REQUIRE(n == 7);
  const RunResult text = query(db(), {"--color", "never", "طاجيكستان"});
  CHECK_THAT(text.out, StartsWith("7 results for «طاجيكستان»\n"));
  const RunResult page = query(db(), {"--color", "never", "-n", "0", "طاجيكستان"});
  CHECK(page.out == "No more results for «طاجيكستان» (7 in all)\n");
  const json j = json::parse(query(db(), {"--format", "json", "طاجيكستان"}).out);
  CHECK(j["total"] == 7);
  CHECK(j["estimate"] == 7);
}

TEST_CASE("fahras-query --exact: the total of a large match set is exact", "[e2e][trust]") {
  // 400 articles; two words each in about half, so an OR of them has many
  // matches whose number Xapian estimates unless it looks at all of them.
  TempDir dir;
  std::string records;
  size_t both = 0, either = 0;
  for (int i = 0; i < 400; ++i) {
    const bool a = i % 2 == 0, b = i % 3 == 0;
    either += a || b;
    both += a && b;
    records += json({{"id", "r" + std::to_string(i)},
                     {"body", std::string(a ? "بيروت " : "") + (b ? "دمشق " : "") + "خبر " +
                                  std::to_string(i)}})
                   .dump() +
               "\n";
  }
  const std::string path = made_up_db(dir, records);
  const RunResult exact = query(path, {"--exact", "--format", "json", "-n", "3", "بيروت OR دمشق"});
  REQUIRE(exact.status == 0);
  const json j = json::parse(exact.out);
  CHECK(j["total"] == either);
  CHECK(j["estimate"] == either);
  const RunResult text = query(path, {"--exact", "--color", "never", "-n", "1", "بيروت OR دمشق"});
  CHECK_THAT(text.out, StartsWith(std::to_string(either) + " results for"));
  CHECK(query(path, {"--count", "بيروت AND دمشق"}).out == std::to_string(both) + "\n");
  // Without --exact, the text says "About" exactly when json has no total.
  const json estimated =
      json::parse(query(path, {"--format", "json", "-n", "1", "بيروت OR دمشق"}).out);
  const RunResult plain = query(path, {"--color", "never", "-n", "1", "بيروت OR دمشق"});
  if (estimated.contains("total")) {
    CHECK_THAT(plain.out, StartsWith(std::to_string(either) + " results"));
  } else {
    CHECK_THAT(plain.out, StartsWith("About "));
  }
}

// ---------------------------------------------------------------------------
// Articles read back, statistics

TEST_CASE("fahras-query --get prints the stored article whole in every format", "[e2e][trust]") {
  std::ifstream in(corpus_dir() + "/" + kSeedId + ".txt");
  std::stringstream seed;
  seed << in.rdbuf();
  REQUIRE(!seed.str().empty());

  const RunResult j = query(db(), {"--get", kSeedId, "--format", "json"});
  REQUIRE(j.status == 0);
  const json article = json::parse(j.out);
  CHECK(article["id"] == kSeedId);
  CHECK(article["body"].get<std::string>().find("طاجيكستان") != std::string::npos);
  CHECK(seed.str().find(article["body"].get<std::string>().substr(0, 200)) == 0);

  const json record = corpus_records().front();
  const std::string id = record["id"];
  const json got = json::parse(query(db(), {"--get", id, "--format", "json"}).out);
  for (const char* field : {"title", "body", "date", "source", "url", "category"}) {
    INFO(field);
    CHECK(got[field] == record.value(field, ""));
  }

  const RunResult two = query(db(), {"--get", kSeedId, id, "--format", "jsonl"});
  REQUIRE(two.status == 0);
  const auto lines = lines_of(two.out);
  REQUIRE(lines.size() == 2);
  CHECK(json::parse(lines[1]) == got);
  const json array = json::parse(query(db(), {"--get", kSeedId, id, "--format", "json"}).out);
  REQUIRE(array.is_array());
  CHECK(array.size() == 2);

  const RunResult text = query(db(), {"--get", id});
  CHECK_THAT(text.out, StartsWith(id + "  " + record["title"].get<std::string>() + "\n   " +
                                  record["date"].get<std::string>() + " · " +
                                  record["source"].get<std::string>()));
  CHECK_THAT(text.out, Contains("\n\n" + record["body"].get<std::string>()));
  CHECK(query(db(), {"--get", id, "--format", "ids"}).out == id + "\n");
}

TEST_CASE("fahras-query --get of an unknown id: a message and exit 1, the others printed",
          "[e2e][trust]") {
  const RunResult r = query(db(), {"--get", "no-such-article", kSeedId, "--format", "ids"});
  CHECK(r.status == 1);
  CHECK(r.out == std::string(kSeedId) + "\n");
  CHECK(r.err == "fahras-query: no article with id 'no-such-article'\n");
  CHECK(query(db(), {"--get", kSeedId, "--format", "trec"}).status == 2);
}

TEST_CASE("fahras-query --fields body puts each hit's whole body in json", "[e2e][trust]") {
  const json j =
      json::parse(query(db(), {"--format", "json", "--fields", "body", "طاجيكستان"}).out);
  REQUIRE(!j["hits"].empty());
  for (const json& hit : j["hits"]) {
    const json stored = json::parse(query(db(), {"--get", hit["id"], "--format", "json"}).out);
    CHECK(hit["body"] == stored["body"]);
  }
  const json without = json::parse(query(db(), {"--format", "json", "طاجيكستان"}).out);
  CHECK_FALSE(without["hits"][0].contains("body"));
  CHECK(query(db(), {"--fields", "colour", "طاجيكستان"}).status == 2);
}

TEST_CASE("fahras-query --stats describes the database", "[e2e][trust]") {
  const RunResult r = query(db(), {"--stats", "--format", "json"});
  REQUIRE(r.status == 0);
  const json s = json::parse(r.out);
  CHECK(s["articles"] == corpus_records().size() + 1);  // the seed is a .txt file
  std::string first = "9999", last = "0000";
  std::map<std::string, int> sources, years;
  for (const json& record : corpus_records()) {
    const std::string date = record.value("date", "");
    if (!date.empty()) first = std::min(first, date), last = std::max(last, date);
    if (!date.empty()) ++years[date.substr(0, 4)];
    if (record.contains("source")) ++sources[record["source"].get<std::string>()];
  }
  CHECK(s["first_date"] == first);
  CHECK(s["last_date"] == last);
  CHECK(s["sources"].get<std::map<std::string, int>>() == sources);
  CHECK(s["years"].get<std::map<std::string, int>>() == years);
  CHECK(s["schema_version"] == "4");
  CHECK_THAT(s["analysis_chain"].get<std::string>(), StartsWith("fahras-arabic"));
  CHECK_THAT(s["last_update"].get<std::string>(), StartsWith("20"));
  size_t in_shards = 0;
  REQUIRE(!s["shards"].empty());
  for (const json& shard : s["shards"]) {
    in_shards += shard["articles"].get<size_t>();
    CHECK(shard["tables"]["postlist"].get<size_t>() > 0);
    CHECK(shard["bytes"].get<size_t>() >= shard["tables"]["postlist"].get<size_t>());
  }
  CHECK(in_shards == s["articles"].get<size_t>());

  const RunResult text = query(db(), {"--stats"});
  CHECK_THAT(text.out, StartsWith("articles        " + std::to_string(corpus_records().size() + 1) +
                                  "\ndates           " + first + " .. " + last + "\n"));
}

// ---------------------------------------------------------------------------
// Failures that show

TEST_CASE("a write that fails (a full disk) is an error, exit 2", "[e2e][trust]") {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--db", db(), "طاجيكستان"},
                                               {"--db", db(), "--format", "json", "طاجيكستان"},
                                               {"--db", db(), "--count", "طاجيكستان"},
                                               {"--db", db(), "--get", kSeedId},
                                               {"--db", db(), "--stats"},
                                               {"--help"}}) {
    INFO(json(args).dump());
    const RunResult r = query_to_full_disk(args);
    CHECK(r.status == 2);
    CHECK(r.err == "fahras-query: write error: No space left on device\n");
  }
}

TEST_CASE("a failed query of a batch takes its place and the run exits 2", "[e2e][trust]") {
  const std::string input = "a\tطهران\nb\tdate:someday\nc\tبيروت\n";
  const RunResult j = query(db(), {"--batch", "-", "--format", "json", "-n", "1"}, input);
  CHECK(j.status == 2);
  const json results = json::parse(j.out);
  REQUIRE(results.size() == 3);
  CHECK(results[0]["query_id"] == "a");
  CHECK(results[1] == json({{"query_id", "b"},
                            {"query", "date:someday"},
                            {"error",
                             "cannot read 'date:someday': date:someday is not YYYY, "
                             "YYYY-MM, YYYY-MM-DD or a range A..B of them (try --plain)"}}));
  CHECK(results[2]["query_id"] == "c");
  CHECK_THAT(j.err, Contains("fahras-query: query b: cannot read 'date:someday'"));

  const RunResult l = query(db(), {"--batch", "-", "--format", "jsonl", "-n", "1"}, input);
  CHECK(l.status == 2);
  const auto lines = lines_of(l.out);
  REQUIRE(lines.size() == 3);
  CHECK(json::parse(lines[1])["error"] == results[1]["error"]);
  CHECK(json::parse(lines[2])["query_id"] == "c");

  const RunResult t = query(db(), {"--batch", "-", "--format", "trec", "-n", "1"}, input);
  CHECK(t.status == 2);
  CHECK(lines_of(t.out).size() == 2);
  CHECK_THAT(t.err, Contains("query b: cannot read"));
}

TEST_CASE("a missing batch file and a database given twice are errors", "[e2e][trust]") {
  const RunResult missing = query(db(), {"--batch", "/nonexistent/topics.tsv"});
  CHECK(missing.status == 2);
  CHECK_THAT(missing.err, Contains("/nonexistent/topics.tsv"));
  const RunResult twice = query(db(), {"--db", db(), "طهران"});
  CHECK(twice.status == 2);
  CHECK_THAT(twice.err, Contains("is given twice"));
  CHECK(twice.out.empty());
}

// ---------------------------------------------------------------------------
// Snippets safe for a page

TEST_CASE("json snippets are escaped HTML whose only markup is <mark>", "[e2e][trust]") {
  TempDir dir;
  const std::string path =
      made_up_db(dir, json({{"id", "evil"},
                            {"title", "<b>عنوان</b>"},
                            {"body",
                             "قالت الأمم المتحدة إن الولايات المتحدة <script>alert(1)</script> "
                             "و<mark>طهران</mark> & \"غيرها\""}})
                              .dump() +
                          "\n");
  const json j = json::parse(query(path, {"--format", "json", "طهران"}).out);
  REQUIRE(j["hits"].size() == 1);
  CHECK(j["hits"][0]["snippet"] ==
        "قالت الأمم المتحدة إن الولايات المتحدة &lt;script&gt;alert(1)&lt;/script&gt; "
        "و&lt;mark&gt;<mark>طهران</mark>&lt;/mark&gt; &amp; &quot;غيرها&quot;");
  CHECK(j["hits"][0]["title"] == "<b>عنوان</b>");  // fields other than the snippet are text

  // A phrase is marked where it stands, not its words elsewhere.
  const json phrase = json::parse(query(path, {"--format", "json", "\"الأمم المتحدة\""}).out);
  REQUIRE(phrase["hits"].size() == 1);
  const std::string snippet = phrase["hits"][0]["snippet"];
  CHECK_THAT(snippet,
             StartsWith("قالت <mark>الأمم</mark> <mark>المتحدة</mark> إن الولايات المتحدة "));

  // The text format on a terminal is the article's text, unescaped.
  const RunResult text = query(path, {"--color", "never", "طهران"});
  CHECK_THAT(text.out, Contains("<script>alert(1)</script>"));
}

// ---------------------------------------------------------------------------
// Query syntax without silent failures

TEST_CASE("date:YYYY, date:YYYY-MM, year:A..B and date:A..B", "[e2e][trust]") {
  REQUIRE(!dated("2023-05").empty());
  CHECK(as_set(ids(db(), "date:2023-05")) == dated("2023-05"));
  CHECK(as_set(ids(db(), "date:2023")) == dated("2023"));
  std::set<std::string> span = dated("2023");
  for (const auto& id : dated("2024")) span.insert(id);
  CHECK(as_set(ids(db(), "year:2023..2024")) == span);
  CHECK(as_set(ids(db(), "date:2023..2024")) == span);
  CHECK(as_set(ids(db(), "date:2023-01..2024-12-31")) == span);
  const auto before = corpus_ids_where("date", [](const std::string& d) { return d < "2019"; });
  CHECK(as_set(ids(db(), "date:..2018")) == before);
  CHECK(as_set(ids(db(), "طاجيكستان date:2023")) == [&] {
    std::set<std::string> both;
    const auto t = as_set(ids(db(), "طاجيكستان"));
    for (const auto& id : dated("2023")) {
      if (t.count(id)) both.insert(id);
    }
    return both;
  }());
  const RunResult bad = query(db(), {"year:2023-05"});
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Contains("year:2023-05 is not YYYY or YYYY..YYYY"));
}

TEST_CASE("id:, word* and unknown fields", "[e2e][trust]") {
  CHECK(ids(db(), "id:art-001") == std::vector<std::string>{"art-001"});
  CHECK(ids(db(), std::string("id:") + kSeedId) == std::vector<std::string>{kSeedId});

  // A prefix finds every word that starts so: طهر* holds طهران and its clitic forms.
  const auto tehran = as_set(ids(db(), "طهران"));
  const auto prefix = as_set(ids(db(), "طهر*"));
  REQUIRE(!tehran.empty());
  CHECK(is_subset(tehran, prefix));
  const json j = json::parse(query(db(), {"--format", "json", "طهر*"}).out);
  CHECK_FALSE(j.contains("suggestion"));  // a prefix is no misspelling

  // At most 500 words, counted over every shard together.
  TempDir dir;
  const std::string letters[] = {"ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر",
                                 "ز", "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ف",
                                 "ق", "ك", "ل", "م", "ن", "ه", "و", "ي"};
  std::string records;
  for (int i = 0; i < 600; ++i) {
    const std::string word = "زر" + letters[i % 28] + letters[i / 28 % 28] + "ق";
    records += json({{"id", "w" + std::to_string(i)}, {"body", word + " خبر"}}).dump() + "\n";
  }
  const std::string words = made_up_db(dir, records);
  const RunResult many = query(words, {"--count", "زر*"});
  CHECK(many.status == 2);
  CHECK_THAT(many.err, Contains("زر* matches more than 500 words: give more letters"));
  CHECK(query(words, {"--count", "زرا*"}).out == "22\n");  // i % 28 == 0 of 600

  const RunResult unknown = query(db(), {"--format", "ids", "url:x"});
  CHECK(unknown.status == 1);
  CHECK(unknown.err ==
        "fahras-query: query 1: unknown field 'url:' searched as words (fields: title, source, "
        "category, id, year, date)\n");
}

TEST_CASE("punctuation alone finds nothing, without a parser error", "[e2e][trust]") {
  for (const std::string q : {"...", "؟!", "..", "«»", "*"}) {
    INFO(q);
    const RunResult r = query(db(), {"--", q});
    CHECK(r.status == 1);
    CHECK(r.err.empty());
    CHECK_THAT(r.out, StartsWith("No results for"));
  }
}

TEST_CASE("fahras-query --color: a bare --color is always; NO_COLOR turns auto off on a terminal",
          "[e2e][trust]") {
  const RunResult bare = query(db(), {"--color", "طاجيكستان"});
  CHECK(bare.status == 0);
  CHECK_THAT(bare.out, Contains("\x1b[1;33m"));
  // On a terminal (script(1) gives one), auto highlights unless NO_COLOR is set.
  const std::string command = query_tool() + " --db " + db() + " طاجيكستان";
  const RunResult tty = run("/usr/bin/script", {"-qec", command, "/dev/null"});
  CHECK_THAT(tty.out, Contains("\x1b[1;33m"));
  const RunResult no_color = run("/usr/bin/script", {"-qec", "NO_COLOR=1 " + command, "/dev/null"});
  CHECK_THAT(no_color.out, Contains("طاجيكستان"));
  CHECK_THAT(no_color.out, !Contains("\x1b[1;33m"));
}

TEST_CASE("docs/schema.md's Python example reads a stored article back", "[e2e][trust]") {
  std::ifstream in(std::string(FAHRAS_SOURCE_DIR) + "/docs/schema.md");
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string marker =
      "<!-- read-article: tests/e2e/query_trust_test.cc runs this block -->\n```python\n";
  const size_t begin = doc.str().find(marker);
  REQUIRE(begin != std::string::npos);
  const size_t code = begin + marker.size();
  const std::string script = doc.str().substr(code, doc.str().find("```", code) - code);
  TempDir dir;
  write_file(dir.file("read_article.py"), script);
  const RunResult r = run("/usr/bin/python3", {dir.file("read_article.py"), db(), kSeedId});
  INFO(r.err);
  REQUIRE(r.status == 0);
  const json stored = json::parse(query(db(), {"--get", kSeedId, "--format", "json"}).out);
  const json read = json::parse(r.out);
  CHECK(read["body"] == stored["body"]);
  CHECK(read["id"] == kSeedId);
}

}  // namespace
}  // namespace fahras::test::e2e
