// End-to-end tests of names against their false friends, with the real tools:
// a corpus of articles written for the purpose is indexed by fahras-index and
// searched by fahras-query. A name must find every clitic form of itself and
// none of the common words or longer names it resembles; a typo of a frequent
// name gets a suggestion even when it matches a few articles.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/e2e/e2e_support.h"
#include "tests/support.h"

namespace fahras::test::e2e {
namespace {

using nlohmann::json;

// One JSON Lines record.
std::string article(const std::string& id, const std::string& body) {
  return json{{"id", id}, {"title", ""}, {"body", body}}.dump() + "\n";
}

// The articles: each id says what it mentions.
std::string false_friends_corpus() {
  std::string corpus;
  corpus += article("riyadh-1", "وصل الوفد إلى الرياض صباح اليوم");
  corpus += article("riyadh-2", "اجتماع في الرياض وجدة بحضور الوزراء");
  corpus += article("riyadh-3", "عقد المؤتمر بالرياض أمس");
  corpus += article("sport-1", "فاز الفريق في البطولة الرياضية السنوية");
  corpus += article("sport-2", "تطوير المنشآت الرياضية والرياضات الجماعية");
  corpus += article("qatar-1", "زار الرئيس قطر ووقع اتفاقا");
  corpus += article("drops-1", "سقطت قطرات المطر على الزجاج وقطرها صغير");
  corpus += article("russia-1", "أعلنت روسيا فرض عقوبات جديدة");
  corpus += article("borussia-1", "فاز بوروسيا دورتموند على منافسه");
  corpus += article("jeddah-1", "افتتح المطار الجديد في جدة");
  corpus += article("crown-1", "التقى الرئيس وولي العهد في القصر");
  corpus += article("crown-2", "اتصال هاتفي بولي العهد السعودي");
  corpus += article("crown-3", "استقبل ولي العهد السفراء");
  corpus += article("aleppo-1", "قصفت الطائرات مدينة حلب");
  corpus += article("rings-1", "تنافس المتسابقون على حلبات السباق");
  corpus += article("hamas-1", "أعلنت حماس موافقتها على الهدنة");
  corpus += article("zeal-1", "استقبل الجمهور اللاعبين بكثير من الحماس");
  return corpus;
}

struct FalseFriendsDb {
  TempDir dir;
  std::string path;
  RunResult indexing;
  FalseFriendsDb() : path(dir.file("db")) {
    write_file(dir.file("news.jsonl"), false_friends_corpus());
    indexing = run(index_tool(), {"--db", path, dir.file("news.jsonl")});
  }
};

const FalseFriendsDb& false_friends_db() {
  static const FalseFriendsDb db;
  return db;
}

std::set<std::string> found(const std::string& query_text) {
  const std::vector<std::string> hits = ids(false_friends_db().path, query_text);
  return std::set<std::string>(hits.begin(), hits.end());
}

TEST_CASE("a name finds its clitic forms and none of its false friends", "[e2e][entities]") {
  INFO(false_friends_db().indexing.err);
  REQUIRE(false_friends_db().indexing.status == 0);
  using Ids = std::set<std::string>;
  CHECK(found("الرياض") == Ids{"riyadh-1", "riyadh-2", "riyadh-3"});
  CHECK(found("الرياضية") == Ids{"sport-1", "sport-2"});
  CHECK(found("قطر") == Ids{"qatar-1"});
  CHECK(found("قطرات") == Ids{"drops-1"});
  CHECK(found("روسيا") == Ids{"russia-1"});
  CHECK(found("بوروسيا") == Ids{"borussia-1"});
  CHECK(found("جدة") == Ids{"riyadh-2", "jeddah-1"});
  CHECK(found("\"ولي العهد\"") == Ids{"crown-1", "crown-2", "crown-3"});
  CHECK(found("حلب") == Ids{"aleppo-1"});
  CHECK(found("حماس") == Ids{"hamas-1"});
  CHECK(found("الحماس") == Ids{"zeal-1"});
}

TEST_CASE("a quoted name matches the name with its clitics and spellings, no derivation",
          "[e2e][entities]") {
  REQUIRE(false_friends_db().indexing.status == 0);
  using Ids = std::set<std::string>;
  CHECK(found("\"الرياض\"") == Ids{"riyadh-1", "riyadh-2", "riyadh-3"});
  CHECK(found("\"الرِّيَاض\"") == Ids{"riyadh-1", "riyadh-2", "riyadh-3"});
  CHECK(found("\"قطر\"") == Ids{"qatar-1"});
  CHECK(found("\"جدة\"") == found("\"جده\""));
}

// Articles that write طهران and a few that misspell it طرهان.
std::string typo_corpus() {
  std::string corpus;
  for (int i = 0; i < 130; ++i) {
    corpus += article("tehran-" + std::to_string(i), "قال مسؤول في طهران إن المحادثات مستمرة");
  }
  for (int i = 0; i < 6; ++i) {
    corpus += article("typo-" + std::to_string(i), "وصل الوفد إلى طرهان مساء أمس");
  }
  return corpus;
}

TEST_CASE("a typo of a frequent name gets a suggestion though it matches articles",
          "[e2e][entities][spelling]") {
  TempDir dir;
  write_file(dir.file("news.jsonl"), typo_corpus());
  const std::string db = dir.file("db");
  const RunResult indexing = run(index_tool(), {"--db", db, dir.file("news.jsonl")});
  INFO(indexing.err);
  REQUIRE(indexing.status == 0);

  const RunResult typo = query(db, {"طرهان"});
  CHECK(typo.status == 0);  // it matches the six articles that write it so
  const auto lines = lines_of(typo.out);
  REQUIRE(lines.size() >= 2);
  CHECK(lines[1] == "Did you mean: «طهران»?");
  CHECK(json::parse(query(db, {"--format", "json", "طرهان"}).out).at("suggestion") == "طهران");
  // The name itself, far more frequent, gets none.
  CHECK_FALSE(json::parse(query(db, {"--format", "json", "طهران"}).out).contains("suggestion"));
}

}  // namespace
}  // namespace fahras::test::e2e
