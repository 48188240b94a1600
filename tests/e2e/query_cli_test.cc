// End-to-end tests of fahras-query: the real binary on a database built from
// corpus/ by the real fahras-index (once, shared by the tests).
//
// Expected id lists come from corpus/README.md (its phenomena table) or are
// computed from corpus/articles.jsonl.
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "tests/e2e/e2e_support.h"
#include "tests/support.h"

namespace fahras::test::e2e {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using nlohmann::json;
using Ids = std::set<std::string>;

// The shared database's path, after checking that indexing succeeded.
std::string db() {
  const SharedDb& shared = shared_db();
  INFO("fahras-index: " << shared.indexing.out << shared.indexing.err);
  REQUIRE(shared.ok());
  return shared.path;
}

// Checks that every spelling in `variants` finds exactly the ids `plain`
// finds, and something; returns those ids.
Ids check_same_ids(const std::string& plain, const std::vector<std::string>& variants) {
  std::vector<std::string> queries = {plain};
  queries.insert(queries.end(), variants.begin(), variants.end());
  const auto sets = id_set_batch(db(), queries);
  const Ids& expected = sets[0];
  INFO("plain form: " << plain);
  CHECK(!expected.empty());
  for (size_t i = 0; i < variants.size(); ++i) {
    INFO("variant: " << variants[i]);
    CHECK(sets[i + 1] == expected);
  }
  return expected;
}

// ---------------------------------------------------------------------------
// The seed article and highlighting.

TEST_CASE("fahras-query: طاجيكستان finds the seed article first", "[e2e]") {
  const RunResult r = query(db(), {"--format", "ids", "طاجيكستان"});
  INFO("stderr: " << r.err);
  REQUIRE(r.status == 0);
  const auto list = lines_of(r.out);
  REQUIRE(!list.empty());
  CHECK(list.front() == kSeedId);
  // corpus/README.md: طاجيكستان, plain, clitic, vocalized, tatweel or Persian yeh.
  const Ids found(list.begin(), list.end());
  for (const char* id : {"art-001", "art-002", "art-003", "art-004", "art-005"}) {
    INFO("id: " << id);
    CHECK(found.count(id) == 1);
  }
}

TEST_CASE("fahras-query: text format names the seed and highlights the match", "[e2e]") {
  // Output to a pipe is not a terminal: --color auto gives no escapes.
  const RunResult piped = query(db(), {"طاجيكستان"});
  REQUIRE(piped.status == 0);
  CHECK_THAT(piped.out, Contains("\n1. " + std::string(kSeedId) + "  "));
  CHECK_THAT(piped.out, Contains("«طاجيكستان»"));
  CHECK_THAT(piped.out, !Contains("\x1b["));

  const RunResult color = query(db(), {"--color", "always", "طاجيكستان"});
  REQUIRE(color.status == 0);
  CHECK_THAT(color.out, Contains(kSeedId));
  CHECK_THAT(color.out, Contains("\x1b[1;33mطاجيكستان\x1b[0m"));
}

// ---------------------------------------------------------------------------
// Spelling variants find the same articles as the plain form.

TEST_CASE("fahras-query: spellings of طاجيكستان find the same articles", "[e2e]") {
  check_same_ids("طاجيكستان", {
                                  "طَاجِيكِسْتَان",       // diacritics
                                  "طاجيـــكستان",        // tatweel
                                  "طاجیکستان",           // Persian yeh U+06CC and keheh U+06A9
                                  "طاجیكستان",           // Persian yeh only
                                  "لطاجيكستان",          // clitic ل
                              });
}

TEST_CASE("fahras-query: spellings of the phrase الأمم المتحدة find the same articles",
          "[e2e]") {
  check_same_ids("\"الأمم المتحدة\"", {
                                         "\"الامم المتحده\"",
                                         "\"الأُمَمِ المُتَّحِدَةِ\"",
                                         "\"للأمم المتحدة\"",
                                     });
}

TEST_CASE("fahras-query: presentation forms match the ordinary letters", "[e2e]") {
  const Ids beirut = check_same_ids("بيروت", {"ﺑﻴﺮﻭﺕ"});
  // corpus/README.md: بيروت with any clitic; art-027 writes it ﺑﻴﺮﻭﺕ.
  CHECK(beirut == Ids{"art-009", "art-010", "art-027", "art-040", "art-044"});
  const Ids salam = check_same_ids("السلام", {"ﺍﻟﺴﻼﻡ"});
  CHECK(is_subset({"art-026", "art-027"}, salam));
}

TEST_CASE("fahras-query: Arabic-Indic and Persian digits match ASCII digits", "[e2e]") {
  const Ids found = check_same_ids("2023", {"٢٠٢٣", "۲۰۲۳"});
  // corpus/README.md: 2023 in ASCII, Arabic-Indic and Persian digits.
  CHECK(is_subset({"art-001", "art-004", "art-017", "art-038", "art-029"}, found));
  const Ids y2019 = check_same_ids("2019", {"٢٠١٩"});
  CHECK(is_subset({"art-022", "art-048"}, y2019));
}

TEST_CASE("fahras-query: إيران, ايران and ایران find the same articles", "[e2e]") {
  const Ids found = check_same_ids("إيران", {"ايران", "ایران"});
  // corpus/README.md: the three spellings together, and the seed article.
  CHECK(is_subset({"art-001", "art-003", "art-019", "art-043", "art-008", "art-039", "art-005",
                   "art-029", kSeedId},
                  found));
}

TEST_CASE("fahras-query: Latin words match whatever their case", "[e2e]") {
  const Ids found = check_same_ids("google", {"GOOGLE", "Google", "gOoGlE"});
  CHECK(found == Ids{"art-021", "art-047"});
}

// ---------------------------------------------------------------------------
// Phrases, boolean operators, fields.

TEST_CASE("fahras-query: a quoted phrase matches across clitics and vocalization", "[e2e]") {
  const auto sets = id_set_batch(db(), {"\"الأمم المتحدة\"", "الأمم المتحدة"});
  const Ids& found = sets[0];
  // art-007 has بالأمم المتحدة; corpus/README.md lists every normalized mention.
  CHECK(found.count("art-007") == 1);
  CHECK(found == Ids{"art-007", "art-024", "art-031", "art-039", "art-041"});
  // كأس أمم إفريقيا (art-035) has أمم without المتحدة.
  CHECK(found.count("art-035") == 0);
  // The phrase is stricter than its words.
  CHECK(is_subset(found, sets[1]));
}

TEST_CASE("fahras-query: AND, NOT, + and -", "[e2e]") {
  const auto sets = id_set_batch(db(), {"إيران", "طهران", "إيران AND طهران", "إيران NOT طهران",
                                        "+إيران -طهران", "إيران OR طهران"});
  const Ids& iran = sets[0];
  const Ids& tehran = sets[1];
  REQUIRE(!iran.empty());
  REQUIRE(!tehran.empty());

  const Ids& both = sets[2];
  CHECK(!both.empty());
  CHECK(is_subset(both, iran));
  CHECK(is_subset(both, tehran));
  Ids intersection;
  for (const auto& id : iran) {
    if (tehran.count(id)) intersection.insert(id);
  }
  CHECK(both == intersection);

  const Ids& iran_not_tehran = sets[3];
  CHECK(!iran_not_tehran.empty());
  CHECK(is_subset(iran_not_tehran, iran));
  for (const auto& id : iran_not_tehran) {
    INFO("id: " << id);
    CHECK(tehran.count(id) == 0);
  }

  const Ids& love_hate = sets[4];
  CHECK(!love_hate.empty());
  CHECK(love_hate == iran_not_tehran);

  const Ids& either = sets[5];
  CHECK(is_subset(iran, either));
  CHECK(is_subset(tehran, either));
}

TEST_CASE("fahras-query: title: finds a subset of the unprefixed search", "[e2e]") {
  const std::vector<std::string> words = {"إيران", "بيروت", "بغداد", "وليد"};
  std::vector<std::string> queries;
  for (const auto& word : words) queries.insert(queries.end(), {word, "title:" + word});
  const auto sets = id_set_batch(db(), queries);
  for (size_t i = 0; i < words.size(); ++i) {
    INFO("word: " << words[i]);
    const Ids& in_title = sets[2 * i + 1];
    CHECK(!in_title.empty());
    CHECK(is_subset(in_title, sets[2 * i]));
  }
  // The titles of art-010 and art-044 are the only ones with بيروت.
  CHECK(sets[3] == Ids{"art-010", "art-044"});
}

// Runs `q` in json format and returns its hits (limit 1000).
json hits_of(const std::string& q) {
  const RunResult r = query(db(), {"--format", "json", "--limit", "1000", q});
  INFO("query: " << q << "\nstderr: " << r.err);
  REQUIRE(r.status == 0);
  return json::parse(r.out).at("hits");
}

TEST_CASE("fahras-query: source: and category: filter on the stored field", "[e2e]") {
  SECTION("source:wafa") {
    const json hits = hits_of("source:wafa");
    Ids found;
    for (const auto& hit : hits) {
      CHECK(hit["source"] == "wafa");
      found.insert(hit["id"].get<std::string>());
    }
    CHECK(found == corpus_ids_where("source", [](const std::string& s) { return s == "wafa"; }));
  }
  SECTION("category:sports") {
    const json hits = hits_of("category:sports");
    Ids found;
    for (const auto& hit : hits) {
      CHECK(hit["category"] == "sports");
      found.insert(hit["id"].get<std::string>());
    }
    CHECK(found ==
          corpus_ids_where("category", [](const std::string& s) { return s == "sports"; }));
  }
  SECTION("a filter combined with words") {
    const auto sets = id_set_batch(db(), {"إيران source:alrai", "إيران", "source:alrai"});
    CHECK(!sets[0].empty());
    CHECK(is_subset(sets[0], sets[1]));
    CHECK(is_subset(sets[0], sets[2]));
  }
}

TEST_CASE("fahras-query: date: ranges and year:", "[e2e]") {
  const auto in_2020 = [](const std::string& d) { return d.compare(0, 5, "2020-") == 0; };
  const json hits = hits_of("date:2020-01-01..2020-12-31");
  Ids found;
  for (const auto& hit : hits) {
    INFO("hit: " << hit.dump());
    CHECK(in_2020(hit["date"].get<std::string>()));
    found.insert(hit["id"].get<std::string>());
  }
  const Ids expected = corpus_ids_where("date", in_2020);
  REQUIRE(!expected.empty());
  CHECK(found == expected);
  const auto sets = id_set_batch(
      db(), {"year:2020", "date:2020-06-01..2020-09-30", "إيران year:2020"});
  CHECK(sets[0] == found);

  // A range inside the year, and a range and words together.
  const Ids& summer = sets[1];
  CHECK(summer == corpus_ids_where("date", [](const std::string& d) {
          return d >= "2020-06-01" && d <= "2020-09-30";
        }));
  const Ids& iran_2020 = sets[2];
  CHECK(!iran_2020.empty());
  CHECK(is_subset(iran_2020, found));
}

// ---------------------------------------------------------------------------
// Output formats.

TEST_CASE("fahras-query: json format", "[e2e]") {
  const RunResult r = query(db(), {"--format", "json", "--limit", "100", "طهران"});
  INFO("stderr: " << r.err);
  REQUIRE(r.status == 0);
  const json result = json::parse(r.out);
  CHECK(result.at("query") == "طهران");
  CHECK(result.at("estimate").is_number_unsigned());
  const json& hits = result.at("hits");
  REQUIRE(hits.is_array());
  REQUIRE(!hits.empty());
  CHECK(result.at("estimate").get<size_t>() >= hits.size());
  unsigned rank = 0;
  for (const auto& hit : hits) {
    INFO("hit: " << hit.dump());
    CHECK(hit.at("rank") == ++rank);
    CHECK(hit.at("id").is_string());
    CHECK(hit.at("score").is_number());
    for (const char* field : {"title", "date", "source", "url", "category", "snippet"}) {
      INFO("field: " << field);
      CHECK(hit.at(field).is_string());
    }
    CHECK_THAT(hit.at("snippet").get<std::string>(), Contains("<mark>"));
    CHECK_THAT(hit.at("snippet").get<std::string>(), Contains("</mark>"));
  }
  // A JSONL record keeps its fields; the seed article (plain text) has none.
  int art_008 = 0;
  for (const auto& hit : hits) {
    if (hit["id"] != "art-008") continue;
    ++art_008;
    CHECK(hit["source"] == "sana");
    CHECK(hit["date"] == "2017-04-08");
    CHECK(hit["category"] == "politics");
    CHECK(hit["url"] == "https://example.org/sana/2017/art-008");
  }
  CHECK(art_008 == 1);  // the query finds it (corpus/README.md)
}

TEST_CASE("fahras-query: jsonl format", "[e2e]") {
  const RunResult r = query(db(), {"--format", "jsonl", "بيروت"});
  REQUIRE(r.status == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(!lines.empty());
  unsigned rank = 0;
  for (const auto& line : lines) {
    INFO("line: " << line);
    json object;
    REQUIRE_NOTHROW(object = json::parse(line));
    CHECK(object.at("query_id") == "1");
    CHECK(object.at("query") == "بيروت");
    CHECK(object.at("rank") == ++rank);
    CHECK(object.at("id").is_string());
  }
}

TEST_CASE("fahras-query: ids format, --limit and --offset", "[e2e]") {
  const RunResult r = query(db(), {"--format", "ids", "--limit", "100", "إيران"});
  REQUIRE(r.status == 0);
  const auto all = lines_of(r.out);
  REQUIRE(all.size() >= 5);
  for (const auto& line : all) {
    INFO("line: " << line);
    CHECK(!line.empty());
    CHECK(fields_of(line) == std::vector<std::string>{line});
  }
  CHECK(Ids(all.begin(), all.end()).size() == all.size());

  const auto three = ids(db(), "إيران", {"--limit", "3"});
  CHECK(three == std::vector<std::string>(all.begin(), all.begin() + 3));

  const auto shifted = ids(db(), "إيران", {"--offset", "1"});
  CHECK(shifted == std::vector<std::string>(all.begin() + 1, all.end()));

  const auto window = ids(db(), "إيران", {"--offset", "1", "--limit", "3"});
  CHECK(window == std::vector<std::string>(all.begin() + 1, all.begin() + 4));

  // Ranks after an offset count from the first hit overall.
  const RunResult trec = query(db(), {"--format", "trec", "--offset", "2", "--limit", "2", "إيران"});
  const auto trec_lines = lines_of(trec.out);
  REQUIRE(trec_lines.size() == 2);
  CHECK(fields_of(trec_lines[0]).at(3) == "3");
  CHECK(fields_of(trec_lines[1]).at(3) == "4");
}

// Checks a TREC run: 6 columns, ranks 1..n per qid, scores not increasing.
// Returns the qids in order of first appearance.
std::vector<std::string> check_trec(const std::string& out) {
  std::vector<std::string> qids;
  std::string current;
  unsigned rank = 0;
  double last_score = 0;
  for (const auto& line : lines_of(out)) {
    INFO("line: " << line);
    const auto f = fields_of(line);
    REQUIRE(f.size() == 6);
    if (f[0] != current) {
      current = f[0];
      qids.push_back(current);
      rank = 0;
    }
    CHECK(f[1] == "Q0");
    CHECK(f[3] == std::to_string(++rank));
    char* end = nullptr;
    const double score = std::strtod(f[4].c_str(), &end);
    CHECK(*end == '\0');
    if (rank > 1) CHECK(score <= last_score);
    last_score = score;
    CHECK(f[5] == "fahras");
  }
  return qids;
}

TEST_CASE("fahras-query: trec format", "[e2e]") {
  const RunResult r = query(db(), {"--format", "trec", "طاجيكستان"});
  REQUIRE(r.status == 0);
  CHECK(check_trec(r.out) == std::vector<std::string>{"1"});
  const auto first = fields_of(lines_of(r.out).at(0));
  CHECK(first.at(2) == kSeedId);
  CHECK(lines_of(r.out).size() == ids(db(), "طاجيكستان").size());
}

TEST_CASE("fahras-query: --batch", "[e2e]") {
  TempDir tmp;
  SECTION("qid<TAB>query lines") {
    const std::string file = tmp.file("queries.tsv");
    write_file(file, "q1\tطهران\nq2\tبيروت\n");
    const RunResult r = query(db(), {"--batch", file, "--format", "trec"});
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    CHECK(check_trec(r.out) == std::vector<std::string>{"q1", "q2"});
    std::vector<std::string> q1, q2;
    for (const auto& line : lines_of(r.out)) {
      const auto f = fields_of(line);
      (f[0] == "q1" ? q1 : q2).push_back(f[2]);
    }
    // Each query's hits are those it finds alone.
    CHECK(q1 == ids(db(), "طهران", {"--limit", "10"}));
    CHECK(q2 == ids(db(), "بيروت", {"--limit", "10"}));
  }
  SECTION("bare lines are numbered from 1") {
    const std::string file = tmp.file("queries.txt");
    write_file(file, "طهران\nبيروت\n");
    const RunResult r = query(db(), {"--batch", file, "--format", "trec"});
    REQUIRE(r.status == 0);
    CHECK(check_trec(r.out) == std::vector<std::string>{"1", "2"});
  }
  SECTION("- reads standard input") {
    const RunResult r =
        query(db(), {"--batch", "-", "--format", "trec"}, "q1\tطهران\nq2\tبيروت\n");
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    CHECK(check_trec(r.out) == std::vector<std::string>{"q1", "q2"});
  }
  SECTION("jsonl carries each query's id") {
    const RunResult r =
        query(db(), {"--batch", "-", "--format", "jsonl"}, "q1\tطهران\nq2\tبيروت\n");
    REQUIRE(r.status == 0);
    std::set<std::string> qids;
    for (const auto& line : lines_of(r.out)) {
      INFO("line: " << line);
      json object;
      REQUIRE_NOTHROW(object = json::parse(line));
      qids.insert(object.at("query_id").get<std::string>());
    }
    CHECK(qids == std::set<std::string>{"q1", "q2"});
  }
  SECTION("json is an array of results") {
    const RunResult r = query(db(), {"--batch", "-", "--format", "json"}, "q1\tطهران\nq2\tبيروت\n");
    REQUIRE(r.status == 0);
    json results;
    REQUIRE_NOTHROW(results = json::parse(r.out));
    REQUIRE(results.is_array());
    REQUIRE(results.size() == 2);
    CHECK(results[0]["query_id"] == "q1");
    CHECK(results[1]["query_id"] == "q2");
  }
  SECTION("a batch file that cannot be read is an error") {
    const RunResult r = query(db(), {"--batch", tmp.file("missing.tsv")});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains(tmp.file("missing.tsv")));
  }
}

// ---------------------------------------------------------------------------
// --plain and exit codes.

TEST_CASE("fahras-query: --plain takes punctuation and a stray quote as text", "[e2e]") {
  const RunResult r = query(db(), {"--plain", "--format", "ids", "من هو \"وليد - ؟"});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK((r.status == 0 || r.status == 1));
  CHECK(r.err.empty());
  if (r.status == 0) CHECK(!lines_of(r.out).empty());
  // The words are still searched: Walid's articles are found.
  const auto lines = lines_of(r.out);
  const Ids found(lines.begin(), lines.end());
  CHECK(found.count("art-008") == 1);
  CHECK(found.count("art-009") == 1);

  // --plain: operators are words, not operators (NOT excludes nothing).
  const Ids plain_not = id_set(db(), "إيران NOT طهران", {"--plain"});
  CHECK(is_subset({"art-001", "art-008", "art-039", "art-043"}, plain_not));
}

TEST_CASE("fahras-query: without --plain, a stray quote fails cleanly or not at all",
          "[e2e]") {
  const RunResult r = query(db(), {"--format", "ids", "من هو \"وليد - ؟"});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK((r.status == 0 || r.status == 1 || r.status == 2));
  if (r.status == 2) CHECK_THAT(r.err, Contains("--plain"));
}

TEST_CASE("fahras-query: exit 0 when found, 1 when nothing is found", "[e2e]") {
  const RunResult found = query(db(), {"طهران"});
  CHECK(found.status == 0);

  const RunResult nothing = query(db(), {"xqzzyvplonk"});
  CHECK(nothing.status == 1);
  CHECK_THAT(nothing.out, Contains("No results"));
  CHECK(nothing.err.empty());

  // A batch exits 0 when any query found something.
  const RunResult batch =
      query(db(), {"--batch", "-", "--format", "ids"}, "1\txqzzyvplonk\n2\tطهران\n");
  CHECK(batch.status == 0);
  const RunResult batch_nothing =
      query(db(), {"--batch", "-", "--format", "ids"}, "1\txqzzyvplonk\n2\tfrobnicatrix\n");
  CHECK(batch_nothing.status == 1);
}

TEST_CASE("fahras-query: exit 2 on errors", "[e2e]") {
  TempDir tmp;
  SECTION("missing --db") {
    const RunResult r = run(query_tool(), {"طهران"});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains("--db"));
  }
  SECTION("a database path that does not exist") {
    const std::string missing = tmp.file("no-such-db");
    const RunResult r = query(missing, {"طهران"});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains(missing));
    CHECK(r.out.empty());
  }
  SECTION("a directory that is not a Xapian database") {
    write_file(tmp.file("notes.txt"), "not a database\n");
    const RunResult r = query(tmp.path(), {"طهران"});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains(tmp.path()));
    CHECK(r.out.empty());
  }
  SECTION("neither a query nor --batch") {
    const RunResult r = query(db(), {});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains("QUERY"));
  }
  SECTION("bad --limit and --color") {
    CHECK(query(db(), {"--limit", "-1", "طهران"}).status == 2);
    CHECK(query(db(), {"--color=sometimes", "طهران"}).status == 2);
  }
}

TEST_CASE("fahras-query: a database of another analysis chain is refused", "[e2e]") {
  TempDir tmp;
  const std::string path = tmp.file("db");
  copy_shared_db(path);
  {
    Xapian::WritableDatabase wdb(path, Xapian::DB_OPEN);
    wdb.set_metadata("fahras.chain", "other 0");
    wdb.commit();
  }
  const RunResult r = query(path, {"طهران"});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("analysis chain"));
  CHECK_THAT(r.err, Contains("other 0"));
  CHECK(r.out.empty());

  // One bad shard among good ones is refused too.
  const RunResult two = run(query_tool(), {"--db", db(), "--db", path, "طهران"});
  CHECK(two.status == 2);
  CHECK_THAT(two.err, Contains("analysis chain"));
}

TEST_CASE("fahras-query: an unknown --format lists the formats", "[e2e]") {
  const RunResult r = query(db(), {"--format", "bogus", "q"});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("bogus"));
  CHECK_THAT(r.err, Contains("text, json, jsonl, ids or trec"));
  CHECK(r.out.empty());

  // Even before the database is opened.
  TempDir tmp;
  const RunResult missing_db = query(tmp.file("X"), {"--format", "bogus", "q"});
  CHECK(missing_db.status == 2);
  CHECK_THAT(missing_db.err, Contains("text, json, jsonl, ids or trec"));
}

TEST_CASE("fahras-query: --help and --version", "[e2e]") {
  const RunResult help = run(query_tool(), {"--help"});
  CHECK(help.status == 0);
  CHECK_THAT(help.out, StartsWith("Usage: fahras-query"));
  CHECK_THAT(help.out, Contains("--format"));
  CHECK(help.err.empty());

  const RunResult version = run(query_tool(), {"--version"});
  CHECK(version.status == 0);
  CHECK_THAT(version.out, StartsWith("fahras-query "));
  CHECK(version.err.empty());
}

}  // namespace
}  // namespace fahras::test::e2e
