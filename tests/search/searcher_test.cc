// Tests for common/search (searcher and query builder): a temporary index of
// a few hand-written Arabic articles, built with index_corpus, searched with
// every kind of query the query language has.
#include "common/search/searcher.h"

#include <algorithm>
#include <map>
#include <catch2/catch.hpp>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/index/indexer.h"
#include "common/schema.h"
#include "common/search/query_builder.h"
#include "common/search/ranking.h"
#include "tests/e2e/tcp_server.h"
#include "tests/search/news_fixture.h"
#include "tests/support.h"

namespace fahras {
namespace {

using test::TempDir;
using test::write_file;
using Ids = std::set<std::string>;

std::shared_ptr<const AnalysisChain> chain() {
  return test::loaded_chain();
}

Searcher& searcher() {
  static Searcher s({test::news_db()}, chain());
  return s;
}

SearchResult run(const std::string& query, bool plain = false, unsigned limit = 100,
                 unsigned offset = 0) {
  SearchOptions options;
  options.plain = plain;
  options.limit = limit;
  options.offset = offset;
  return searcher().search("1", query, options);
}

Ids ids(const std::string& query, bool plain = false) {
  Ids out;
  for (const Hit& h : run(query, plain).hits) out.insert(h.id);
  return out;
}

std::vector<std::string> ranked(const std::string& query, bool plain = false) {
  std::vector<std::string> out;
  for (const Hit& h : run(query, plain).hits) out.push_back(h.id);
  return out;
}

TEST_CASE("a plain word ranks the article with more matches first", "[searcher]") {
  const auto hits = ranked("بيروت");
  REQUIRE(hits.size() == 2);
  CHECK(hits[0] == "beirut3");
  CHECK(hits[1] == "beirut1");
  const SearchResult r = run("بيروت");
  CHECK(r.hits[0].score > r.hits[1].score);
  CHECK(r.hits[0].rank == 1);
  CHECK(r.hits[1].rank == 2);
  CHECK(r.query == "بيروت");
  CHECK(r.query_id == "1");
}

TEST_CASE("hits carry the stored fields", "[searcher]") {
  const SearchResult r = run("نيويورك");
  REQUIRE(r.hits.size() == 1);
  const Hit& h = r.hits[0];
  CHECK(h.id == "un_phrase");
  CHECK(h.title == "اجتماع");
  CHECK(h.body == "ألقى الرئيس كلمة بالأمم المتحدة في نيويورك");
  CHECK(h.date == "2020-09-22");
  CHECK(h.source == "Reuters");
  CHECK(h.category == "دولي");
  CHECK(h.docid != 0);
}

TEST_CASE("clitic, diacritic, hamza and tatweel variants find the same articles",
          "[searcher]") {
  const Ids beirut = {"beirut3", "beirut1"};
  for (const std::string q : {"بيروت", "لبيروت", "وبيروت", "ببيروت", "بَيْرُوتَ", "لِبَيْرُوت",
                              "بيـــروت", "ﺑﻴﺮﻭﺕ"}) {
    INFO(q);
    CHECK(ids(q) == beirut);
  }
  const Ids umam = {"un_phrase", "un_far"};
  for (const std::string q : {"الأمم", "الامم", "بالأمم", "للأمم", "والأُمَمِ", "الإمم"}) {
    INFO(q);
    CHECK(ids(q) == umam);
  }
  const Ids tehran = {"title_tehran", "body_tehran"};
  for (const std::string q : {"طهران", "لطهران", "بطهران", "طَهْرَان", "طهـران"}) {
    INFO(q);
    CHECK(ids(q) == tehran);
  }
  // The vocalized original in the body is found by the plain word.
  CHECK(ids("سافر") == Ids{"body_tehran"});
  CHECK(ids("الرئيس") == Ids{"un_phrase", "body_tehran"});
}

TEST_CASE("phrases match across clitics but not words far apart", "[searcher]") {
  CHECK(ids("\"الأمم المتحدة\"") == Ids{"un_phrase"});
  CHECK(ids("\"الامم المتحده\"") == Ids{"un_phrase"});
  CHECK(ids("\"بالأمم المتحدة\"") == Ids{"un_phrase"});
  // Without quotes, either word.
  CHECK(ids("الأمم المتحدة") == Ids{"un_phrase", "un_far"});
  // Word order matters in a phrase.
  CHECK(ids("\"المتحدة الأمم\"").empty());
  CHECK(ids("\"عاد إلى بيروت\"") == Ids{"beirut3"});
}

TEST_CASE("boolean operators, + and -", "[searcher]") {
  CHECK(ids("الوزير AND دمشق") == Ids{"beirut1"});
  CHECK(ids("بيروت AND جميلة") == Ids{"beirut3"});
  CHECK(ids("بيروت NOT دمشق") == Ids{"beirut3"});
  CHECK(ids("بيروت OR طهران") == Ids{"beirut3", "beirut1", "title_tehran", "body_tehran"});
  CHECK(ids("(بيروت OR طهران) AND الرئيس") == Ids{"body_tehran"});
  CHECK(ids("+بيروت -دمشق") == Ids{"beirut3"});
  CHECK(ids("+الوزير +دمشق") == Ids{"beirut1"});
  CHECK(ids("بيروت -دمشق") == Ids{"beirut3"});
  // A pure NOT: everything without the word.
  const Ids not_beirut = ids("NOT بيروت");
  CHECK(not_beirut.size() == 5);
  CHECK_FALSE(not_beirut.count("beirut3"));
  CHECK_FALSE(not_beirut.count("beirut1"));
  // Operators work with clitic forms on both sides.
  CHECK(ids("لبيروت AND ودمشق") == Ids{"beirut1"});
}

TEST_CASE("title: searches title words only", "[searcher]") {
  CHECK(ids("title:طهران") == Ids{"title_tehran"});
  CHECK(ids("title:لطهران") == Ids{"title_tehran"});
  CHECK(ids("title:لبنان") == Ids{"beirut3"});
  CHECK(ids("title:بيروت").empty());
  CHECK(ids("title:\"طهران تستضيف\"") == Ids{"title_tehran"});
  // The title also counts as text for an unprefixed word.
  CHECK(ids("لبنان") == Ids{"beirut3"});
}

// A database of `corpus` (JSON lines) in `dir`, indexed, of `articles` articles.
std::string indexed(const TempDir& dir, const std::string& corpus, unsigned articles) {
  write_file(dir.file("news.jsonl"), corpus);
  IndexOptions index;
  index.db_path = dir.file("db");
  index.inputs = {dir.file("news.jsonl")};
  REQUIRE(index_corpus(index, *chain()).added == articles);
  return index.db_path;
}

// The stems of `hit`'s explanation by field; checks that the weights sum to
// the hit's score.
std::map<std::string, std::set<std::string>> explained(const Hit& hit) {
  std::map<std::string, std::set<std::string>> stems;
  double sum = 0;
  for (const TermWeight& t : hit.explanation) {
    sum += t.weight;
    stems[t.field].insert(t.stem);
  }
  CHECK(sum == Approx(hit.score));
  return stems;
}

// z_title has طهران in its title only, a_body three times in its body only:
// the same within-document frequency and document length in the text terms.
const char* const kTitleCorpus =
    R"({"id":"z_title","title":"طهران","body":"ارتفعت اسعار القمح في الاسواق"})"
    "\n"
    R"({"id":"a_body","body":"طهران طهران طهران ارتفعت اسعار القمح في الاسواق الشعبية اليوم"})"
    "\n"
    R"({"id":"trump1","title":"ترامب","body":"زيارة رسمية"})"
    "\n"
    R"({"id":"trump2","title":"ترامب","body":"زيارة رسمية"})"
    "\n"
    R"({"id":"trump3","title":"ترمب","body":"زيارة رسمية"})"
    "\n";

TEST_CASE("title words weigh as a field of their own, matching the same articles", "[searcher]") {
  TempDir dir;
  Searcher titles({indexed(dir, kTitleCorpus, 5)}, chain());
  SearchOptions options;
  options.explain = true;
  const SearchResult result = titles.search("1", "طهران", options);
  REQUIRE(result.hits.size() == 2);
  CHECK(result.hits[0].id == "z_title");
  CHECK(result.hits[0].score > result.hits[1].score);
  // The explanation names the title weight and still sums to the score.
  CHECK(explained(result.hits[0]).count("title") == 1);

  // Two spellings of one name weigh as one word in titles as in the text:
  // the rarer spelling gains nothing.
  std::map<std::string, double> score;
  for (const Hit& hit : titles.search("2", "ترامب", options).hits) score[hit.id] = hit.score;
  REQUIRE(score.size() == 3);
  CHECK(score["trump3"] == Approx(score["trump1"]));

  // The matches are the query's own, whatever its operators.
  Xapian::Database db(test::news_db());
  QueryBuilder builder(*chain(), db);
  for (const std::string q : {"بيروت دمشق", "\"الأمم المتحدة\"", "بيروت NOT دمشق", "+الرئيس -طهران",
                              "title:طهران OR القمة", "بيروت AND source:Reuters"}) {
    INFO(q);
    Xapian::Enquire enquire(db);
    enquire.set_query(builder.parse(q, false, true));
    Ids own;
    const Xapian::MSet mset = enquire.get_mset(0, 100);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      own.insert(it.get_document().get_value(schema::kIdSlot));
    }
    CHECK(ids(q) == own);
  }
}

// Three articles of one length: derived holds يحدها (another derivation of
// تحد), plain holds neither, only_derived holds يحدها and not سوريا.
const char* const kBroadCorpus = R"({"id":"derived","body":"سوريا يحدها البحر من الغرب"})"
                                 "\n"
                                 R"({"id":"plain","body":"سوريا بلد كبير في الشرق"})"
                                 "\n"
                                 R"({"id":"only_derived","body":"لبنان يحدها البحر من الغرب"})"
                                 "\n";

TEST_CASE("another derivation of a word weighs through its broad stem, matching nothing more",
          "[searcher]") {
  TempDir dir;
  Searcher searcher({indexed(dir, kBroadCorpus, 3)}, chain());
  SearchOptions options;
  options.explain = true;
  const SearchResult result = searcher.search("1", "تحد سوريا", options);
  // only_derived holds تحد's broad stem alone: no match.
  REQUIRE(result.hits.size() == 2);
  CHECK(result.hits[0].id == "derived");
  CHECK(result.hits[0].score > result.hits[1].score);
  CHECK(explained(result.hits[0])["broad"] == std::set<std::string>{"حد", "سور"});
  // The words of a phrase have no broad stem: "تحد سوريا" is nowhere.
  CHECK(searcher.search("2", "\"تحد سوريا\" OR بلد", options).hits.size() == 1);
}

// 400 articles over 15 words, each article holding most of them, a few
// twice: the query of all 15 has broad stems of more than
// kBroadOnePassPostings postings, so they weigh a window of first hits.
std::string window_corpus() {
  const std::vector<std::string> words = {"يحكم",  "الحكومة",  "وزير",    "الاقتصاد", "المدينة",
                                          "الشرق", "يكتب",     "الكاتب",  "المدارس",  "التعليم",
                                          "الصحة", "مستشفيات", "الزراعة", "الأسواق",  "المصانع"};
  std::string corpus;
  for (int i = 0; i < 400; ++i) {
    std::string body;
    for (size_t w = 0; w < words.size(); ++w) {
      if ((i + 3 * w) % 11 == 0) continue;  // left out
      body += words[w] + " ";
      if ((i * 7 + w) % 5 == 0) body += words[w] + " ";  // twice
    }
    corpus += R"({"id":"w)" + std::to_string(1000 + i) + R"(","body":")" + body + "\"}\n";
  }
  return corpus;
}

TEST_CASE("broad stems re-rank a window of first hits on a large match, every match on a small one",
          "[searcher]") {
  TempDir dir;
  const std::string db = indexed(dir, window_corpus(), 400);
  Searcher searcher({db}, chain());
  const std::string all_words =
      "يحكم الحكومة وزير الاقتصاد المدينة الشرق يكتب الكاتب المدارس التعليم الصحة مستشفيات "
      "الزراعة الأسواق المصانع";
  // query → whether hit i weighs broad stems, for the hits of one page of 1000
  auto broad_weighed = [&](const std::string& q) {
    SearchOptions options;
    options.explain = true;
    options.limit = 1000;
    const SearchResult result = searcher.search("q", q, options);
    std::vector<bool> weighed;
    // (The explanation adds up either way.)
    for (const Hit& hit : result.hits) weighed.push_back(explained(hit).count("broad") == 1);
    return weighed;
  };
  const std::vector<bool> window = broad_weighed(all_words);
  REQUIRE(window.size() == 400);
  CHECK(std::count(window.begin(), window.begin() + kBroadWindow, true) == kBroadWindow);
  CHECK(std::count(window.begin() + kBroadWindow, window.end(), true) == 0);
  // Two words: few postings, every match weighs its broad stems.
  const std::vector<bool> every = broad_weighed("يحكم الكاتب");
  REQUIRE(every.size() > kBroadWindow);
  CHECK(std::count(every.begin(), every.end(), false) == 0);

  // Pages put together are the whole ranking, across the window's edge.
  for (const SortOrder sort : {SortOrder::kRelevance, SortOrder::kRecency}) {
    SearchOptions options;
    options.sort = sort;
    options.limit = 1000;
    std::vector<std::string> whole, paged;
    for (const Hit& hit : searcher.search("q", all_words, options).hits) whole.push_back(hit.id);
    options.limit = 7;
    for (options.offset = 0; options.offset < whole.size(); options.offset += 7) {
      for (const Hit& hit : searcher.search("q", all_words, options).hits) {
        paged.push_back(hit.id);
      }
    }
    CHECK(paged == whole);
  }
  // The same ranking from a remote server.
  test::TcpServer server({db});
  Searcher remote({server.url()}, chain());
  SearchOptions options;
  options.limit = 1000;
  const SearchResult here = searcher.search("q", all_words, options);
  const SearchResult there = remote.search("q", all_words, options);
  REQUIRE(there.hits.size() == here.hits.size());
  for (size_t i = 0; i < here.hits.size(); ++i) {
    CHECK(there.hits[i].id == here.hits[i].id);
    CHECK(there.hits[i].score == Approx(here.hits[i].score));
  }
}

TEST_CASE("source: and category: filter", "[searcher]") {
  CHECK(ids("source:Reuters") == Ids{"beirut1", "un_phrase", "english"});
  CHECK(ids("source:reuters") == Ids{"beirut1", "un_phrase", "english"});
  CHECK(ids("source:الجزيرة") == Ids{"beirut3", "un_far"});
  CHECK(ids("source:الجزيره") == Ids{"beirut3", "un_far"});
  CHECK(ids("source:\"BBC Arabic\"") == Ids{"title_tehran", "body_tehran"});
  CHECK(ids("بيروت source:Reuters") == Ids{"beirut1"});
  CHECK(ids("الأمم source:الجزيرة") == Ids{"un_far"});
  CHECK(ids("category:سياسة") == Ids{"beirut3", "beirut1", "body_tehran"});
  CHECK(ids("category:دولي") == Ids{"un_phrase", "title_tehran"});
  CHECK(ids("طهران category:دولي") == Ids{"title_tehran"});
  CHECK(ids("source:nobody").empty());
  // A filter narrows, it does not add: a word absent from the filtered set finds nothing.
  CHECK(ids("نيويورك source:الجزيرة").empty());
}

TEST_CASE("date: ranges and year:", "[searcher]") {
  CHECK(ids("date:2020-01-01..2020-12-31") == Ids{"beirut3", "un_phrase", "title_tehran"});
  CHECK(ids("date:2021-01-01..2021-12-31") == Ids{"beirut1", "body_tehran"});
  CHECK(ids("date:2020-12-31..2021-01-01") == Ids{"title_tehran", "body_tehran"});
  CHECK(ids("طهران date:2020-01-01..2020-12-31") == Ids{"title_tehran"});
  CHECK(ids("date:2000-01-01..2000-12-31").empty());
  CHECK(ids("year:2020") == Ids{"beirut3", "un_phrase", "title_tehran"});
  CHECK(ids("year:2019") == Ids{"un_far"});
  CHECK(ids("طهران year:2021") == Ids{"body_tehran"});
  CHECK(ids("year:1999").empty());
}

TEST_CASE("Latin words are stemmed at query time as at index time", "[searcher]") {
  CHECK(ids("run") == Ids{"english"});
  CHECK(ids("Running") == Ids{"english"});
  CHECK(ids("WALKS") == Ids{"english"});
  CHECK(ids("title:paris") == Ids{"english"});
}

TEST_CASE("plain mode takes every word as a word", "[searcher]") {
  // Operators are words: NOT is the English word "not", so بيروت still matches.
  CHECK(ids("NOT بيروت", true) == Ids{"beirut3", "beirut1"});
  CHECK(ids("بيروت AND دمشق", true).count("beirut3"));
  // "and" is a word of the English article; in plain mode AND finds it.
  CHECK(ids("AND", true) == Ids{"english"});
  // Quotes do not make a phrase: both words, anywhere.
  CHECK(ids("\"الأمم المتحدة\"", true) == Ids{"un_phrase", "un_far"});
  // - and + do not exclude or require.
  CHECK(ids("بيروت -دمشق", true) == Ids{"beirut3", "beirut1"});
  // Field prefixes are not fields: title: does not restrict to titles, and
  // source:/year: filter nothing in.
  CHECK(ids("title: طهران", true) == Ids{"title_tehran", "body_tehran"});
  CHECK(ids("title:طهران", true) == Ids{"title_tehran", "body_tehran"});
  CHECK(ids("source:Reuters", true).empty());
  // Punctuation between words does not glue them into a phrase.
  CHECK(ids("بيروت-الأمم", true) == ids("بيروت الأمم", true));
  CHECK(ids("year:2020", true).empty());
  // Nothing throws, whatever the punctuation.
  for (const std::string q : {"(", ")", "\"", "-", "+", "((بيروت", "\"بيروت", "بيروت)",
                              "AND", "NOT", "OR (", "title:", "date:..", "source:\"",
                              "- + ( ) \" :", "*", "بيروت*"}) {
    INFO(q);
    CHECK_NOTHROW(run(q, true));
  }
  CHECK(ids("((بيروت", true) == Ids{"beirut3", "beirut1"});
  CHECK(ids("\"بيروت", true) == Ids{"beirut3", "beirut1"});
  CHECK(ids("(", true).empty());
}

TEST_CASE("limit, offset and estimate", "[searcher]") {
  const std::string q = "بيروت OR طهران OR الأمم";
  const std::vector<std::string> all = ranked(q);
  REQUIRE(all.size() == 6);
  CHECK(run(q).estimate == 6);

  const SearchResult page = run(q, false, 2, 1);
  REQUIRE(page.hits.size() == 2);
  CHECK(page.hits[0].id == all[1]);
  CHECK(page.hits[1].id == all[2]);
  CHECK(page.hits[0].rank == 2);
  CHECK(page.hits[1].rank == 3);
  // Only an estimate once hits are cut off: at least what was seen, at most all.
  CHECK(page.estimate >= 3);
  CHECK(page.estimate <= 7);

  CHECK(run(q, false, 3, 0).hits.size() == 3);
  const SearchResult last = run(q, false, 10, 5);
  REQUIRE(last.hits.size() == 1);
  CHECK(last.hits[0].id == all[5]);
  CHECK(last.hits[0].rank == 6);
  CHECK(run(q, false, 10, 6).hits.empty());
  CHECK(run(q, false, 10, 100).hits.empty());

  CHECK(run("بيروت").estimate == 2);
  CHECK(run("كلمةغيرموجودة").estimate == 0);
  CHECK(run("كلمةغيرموجودة").hits.empty());
  CHECK(run("").hits.empty());
}

TEST_CASE("hits come with a snippet marking the vocalized original", "[searcher]") {
  const SearchResult r = run("طهران");
  bool found = false;
  for (const Hit& h : r.hits) {
    if (h.id != "body_tehran") continue;
    found = true;
    std::string joined, marked;
    for (const SnippetPart& p : h.snippet) {
      joined += p.text;
      if (p.match) marked += p.text;
    }
    CHECK(joined == h.body);
    CHECK(marked == "طَهْرَانَ");
  }
  CHECK(found);

}

TEST_CASE("without fields, hits have their id and score only", "[searcher]") {
  SearchOptions options;
  options.fields = false;
  const SearchResult bare = searcher().search("q", "طهران", options);
  REQUIRE(bare.hits.size() == 2);
  Ids found;
  for (const Hit& h : bare.hits) {
    found.insert(h.id);
    CHECK(h.score > 0);
    CHECK(h.title.empty());
    CHECK(h.body.empty());
    CHECK(h.snippet.empty());
  }
  CHECK(found == Ids{"title_tehran", "body_tehran"});
  // Same order as with fields.
  const SearchResult full = run("طهران");
  REQUIRE(full.hits.size() == 2);
  CHECK(bare.hits[0].id == full.hits[0].id);
  CHECK(bare.hits[1].id == full.hits[1].id);
  // Ids come from the sort key when ranking by relevance; by date they are read.
  for (SortOrder order : {SortOrder::kDate, SortOrder::kRecency}) {
    options.sort = order;
    SearchOptions with_fields = options;
    with_fields.fields = true;
    const SearchResult a = searcher().search("q", "طهران", options);
    const SearchResult b = searcher().search("q", "طهران", with_fields);
    REQUIRE(a.hits.size() == 2);
    REQUIRE(b.hits.size() == 2);
    CHECK(a.hits[0].id == b.hits[0].id);
    CHECK(a.hits[1].id == b.hits[1].id);
  }
}

TEST_CASE("several databases are searched as one", "[searcher]") {
  TempDir dir;
  write_file(dir.file("more.jsonl"),
             R"({"id":"more1","body":"وصل الوفد إلى بيروت"})" "\n");
  IndexOptions options;
  options.db_path = dir.file("db");
  options.inputs = {dir.file("more.jsonl")};
  index_corpus(options, *chain());
  Searcher both({test::news_db(), dir.file("db")}, chain());
  SearchOptions so;
  Ids found;
  for (const Hit& h : both.search("1", "بيروت", so).hits) found.insert(h.id);
  CHECK(found == Ids{"beirut3", "beirut1", "more1"});
}

TEST_CASE("a database of another chain, or none, is refused", "[searcher]") {
  SECTION("another chain's identity recorded") {
    TempDir dir;
    write_file(dir.file("a.jsonl"), R"({"id":"a","body":"بيروت"})" "\n");
    IndexOptions options;
    options.db_path = dir.file("db");
    options.inputs = {dir.file("a.jsonl")};
    index_corpus(options, *chain());
    {
      Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_OPEN);
      db.set_metadata(schema::kChainKey, "fahras-arabic 0; lexicon 1 words, crc32 00000000");
      db.commit();
    }
    CHECK_THROWS_AS(Searcher({dir.file("db")}, chain()), std::runtime_error);
    // The good database alongside does not help.
    CHECK_THROWS_AS(Searcher({test::news_db(), dir.file("db")}, chain()), std::runtime_error);
  }
  SECTION("a chain with another dictionary") {
    auto other = std::make_shared<const AnalysisChain>(Lexicon());
    REQUIRE(other->identity() != chain()->identity());
    CHECK_THROWS_AS(Searcher({test::news_db()}, other), std::runtime_error);
  }
  SECTION("not a Fahras database") {
    TempDir dir;
    {
      Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE);
      db.add_document(Xapian::Document());
      db.commit();
    }
    CHECK_THROWS_AS(Searcher({dir.file("db")}, chain()), std::runtime_error);
  }
  SECTION("no such path") {
    TempDir dir;
    CHECK_THROWS_AS(Searcher({dir.file("missing")}, chain()), std::runtime_error);
    CHECK_THROWS_AS(Searcher({"/nonexistent/fahras/db"}, chain()), std::runtime_error);
  }
  SECTION("no database at all") {
    CHECK_THROWS_AS(Searcher(std::vector<std::string>{}, chain()), std::runtime_error);
  }
}

}  // namespace
}  // namespace fahras
