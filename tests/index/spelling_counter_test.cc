// Tests for common/index/spelling_counter: what reaches Xapian's spelling table.
#include "common/index/spelling_counter.h"

#include <catch2/catch.hpp>
#include <map>

#include "common/index/layout.h"

#include "tests/support.h"

namespace fahras {
namespace {

TEST_CASE("words seen twice or more reach the spelling table with their counts", "[spelling]") {
  test::TempDir dir;
  Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE);
  SpellingCounter counter;
  counter.add_text("طاجيكستان وطاجيكستان طاجيكستان طاجيكسان في 2015 ab abc abc");
  add_spellings(db, counter.take(1)[0]);
  db.commit();
  CHECK(spelling_frequency(db, "طاجيكستان") == 2);
  CHECK(spelling_frequency(db, "abc") == 2);
  CHECK(spelling_frequency(db, "وطاجيكستان") == 0);  // once only: waits
  CHECK(spelling_frequency(db, "طاجيكسان") == 0);
  CHECK(spelling_frequency(db, "في") == 0);  // under three letters
  CHECK(spelling_frequency(db, "ab") == 0);
  CHECK(spelling_frequency(db, "2015") == 0);
  CHECK(counter.size() == 2);

  // A word seen once in each of two batches is added with the second.
  counter.add_text("وطاجيكستان طاجيكستان");
  add_spellings(db, counter.take(1)[0]);
  db.commit();
  CHECK(spelling_frequency(db, "وطاجيكستان") == 2);
  CHECK(spelling_frequency(db, "طاجيكستان") == 2);  // once more: waits again
  CHECK(db.get_spelling_suggestion("طاجيكتسان") == "طاجيكستان");
}

TEST_CASE("take splits the words seen twice or more by shard, with their counts", "[spelling]") {
  SpellingCounter counter;
  counter.add_text("بيروت بيروت بيروت طهران طهران دمشق دمشق عمان القاهرة القاهرة الرباط الرباط");
  const std::vector<SpellingWords> shards = counter.take(3);
  REQUIRE(shards.size() == 3);
  std::map<std::string, Xapian::termcount> taken;
  for (unsigned i = 0; i < shards.size(); ++i) {
    for (const auto& [word, count] : shards[i]) {
      CHECK(shard_of(word, 3) == i);
      CHECK(taken.emplace(word, count).second);  // in one list only
    }
  }
  CHECK(taken == std::map<std::string, Xapian::termcount>{
                     {"بيروت", 3}, {"طهران", 2}, {"دمشق", 2}, {"القاهرة", 2}, {"الرباط", 2}});
  CHECK(counter.size() == 1);  // عمان, seen once, waits
  CHECK_FALSE(counter.due());
}

}  // namespace
}  // namespace fahras
