// Tests for did-you-mean (common/search/spelling) and synonyms at search time,
// on databases indexed from corpus/ by index_corpus, in one shard and in two.
#include "common/search/spelling.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "common/index/indexer.h"
#include "common/search/searcher.h"
#include "tests/support.h"

namespace fahras {
namespace {

using Ids = std::set<std::string>;

// corpus/ indexed into `shards` shards; art-006 writes طاجكستان, art-001..003
// طاجيكستان.
struct CorpusDb {
  test::TempDir dir;
  std::string path = dir.file("db");
  explicit CorpusDb(unsigned shards, bool spelling = true) {
    IndexOptions options;
    options.db_path = path;
    options.inputs = {test::corpus_dir()};
    options.jobs = shards;
    options.spelling = spelling;
    index_corpus(options, *test::loaded_chain());
  }
};

SearchResult search(const std::string& db, const std::string& query, SearchOptions options = {}) {
  options.limit = 100;
  Searcher searcher({db}, test::loaded_chain());
  return searcher.search("1", query, options);
}

Ids ids(const SearchResult& result) {
  Ids found;
  for (const Hit& hit : result.hits) found.insert(hit.id);
  return found;
}

TEST_CASE("edit distance counts characters, swaps as one", "[spelling]") {
  CHECK(edit_distance("طاجيكستان", "طاجيكستان") == 0);
  CHECK(edit_distance("طاجيكسان", "طاجيكستان") == 1);   // a dropped letter
  CHECK(edit_distance("طاجيكتسان", "طاجيكستان") == 1);  // two letters swapped
  CHECK(edit_distance("بيروت", "بيرون") == 1);          // a missing dot
  CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("did you mean corrects a misspelled Arabic word from the corpus", "[spelling]") {
  for (unsigned shards : {1u, 2u}) {
    CAPTURE(shards);
    CorpusDb db(shards);
    CHECK(search(db.path, "طاجيكسان").suggestion == "طاجيكستان");   // dropped letter
    CHECK(search(db.path, "طاجيكتسان").suggestion == "طاجيكستان");  // swapped letters
    CHECK(search(db.path, "طاحيكستان").suggestion == "طاجيكستان");  // missing dot
    // The clitic is kept; the other words stay as written.
    CHECK(search(db.path, "لطاجيكسان").suggestion == "لطاجيكستان");
    CHECK(search(db.path, "إيران و\"طاجيكسان\"").suggestion == "إيران و\"طاجيكستان\"");
    // Nothing to correct.
    CHECK(search(db.path, "طاجيكستان").suggestion.empty());
    CHECK(search(db.path, "لطاجيكستان إيران").suggestion.empty());
    // Field names and filter values are no words to correct.
    CHECK(search(db.path, "طاجيكستان source:xyzxyz").suggestion.empty());
    CHECK(search(db.path, "title:طاجيكسان").suggestion == "title:طاجيكستان");
    SearchOptions off;
    off.suggest = false;
    CHECK(search(db.path, "طاجيكسان", off).suggestion.empty());
  }
}

TEST_CASE("did you mean bounds its work on long queries", "[spelling]") {
  CorpusDb db(1);
  // At most eight words are corrected; the rest stay as written.
  std::string query, expected;
  for (int i = 0; i < 10; ++i) {
    query += (i ? " " : "") + std::string("طاجيكسان");
    expected += (i ? " " : "") + std::string(i < 8 ? "طاجيكستان" : "طاجيكسان");
  }
  CHECK(search(db.path, query).suggestion == expected);
  // A word longer than any of the spelling table is not looked at.
  std::string long_word;
  for (int i = 0; i < 3000; ++i) long_word += "ب";
  CHECK(search(db.path, long_word).suggestion.empty());
}

TEST_CASE("did you mean follows the commits of an indexer", "[spelling]") {
  CorpusDb db(1);
  Searcher searcher({db.path}, test::loaded_chain());
  CHECK(searcher.search("1", "طاجيكسان", {}).suggestion == "طاجيكستان");
  // An article written so: the word matches an article now, and the spelling
  // it was corrected to does not match kFarMore times as many: left alone.
  test::TempDir more;
  test::write_file(more.file("more.jsonl"),
                   R"({"id": "sp-new", "body": "زيارة إلى طاجيكسان والمنطقة"})"
                   "\n");
  IndexOptions options;
  options.db_path = db.path;
  options.inputs = {more.file("more.jsonl")};
  index_corpus(options, *test::loaded_chain());
  CHECK(searcher.search("1", "طاجيكسان", {}).suggestion.empty());
  CHECK(search(db.path, "طاجيكسان").suggestion.empty());
}

TEST_CASE("a database indexed without spelling data suggests nothing", "[spelling]") {
  CorpusDb db(1, false);
  CHECK(search(db.path, "طاجيكسان").suggestion.empty());
}

TEST_CASE("variant spellings of a name find each other, clitics included", "[synonyms]") {
  for (unsigned shards : {1u, 2u}) {
    CAPTURE(shards);
    CorpusDb db(shards);
    SearchOptions off;
    off.synonyms = false;
    // art-006 writes only طاجكستان, art-001 only طاجيكستان.
    CHECK(ids(search(db.path, "طاجيكستان")).count("art-006"));
    CHECK_FALSE(ids(search(db.path, "طاجيكستان", off)).count("art-006"));
    CHECK(ids(search(db.path, "طاجكستان")).count("art-001"));
    CHECK_FALSE(ids(search(db.path, "طاجكستان", off)).count("art-001"));
    CHECK(ids(search(db.path, "طاجكستان", off)).count("art-006"));
    CHECK(ids(search(db.path, "لطاجكستان")).count("art-001"));
    CHECK(ids(search(db.path, "وتاجيكستان")).count("art-001"));
    CHECK(ids(search(db.path, "وتاجيكستان")).count("art-006"));
    CHECK(ids(search(db.path, "طاجيكستان", {})) == ids(search(db.path, "طاجكستان", {})));
    // In plain mode too; phrases match words as written.
    SearchOptions plain;
    plain.plain = true;
    CHECK(ids(search(db.path, "طاجيكستان", plain)).count("art-006"));
    // The seed article writes «وجمهورية طاجيكستان».
    const std::string seed = "000_430bdbc45af02d1a";
    CHECK(ids(search(db.path, "\"جمهورية طاجيكستان\"")).count(seed));
    CHECK_FALSE(ids(search(db.path, "\"جمهورية طاجكستان\"")).count(seed));
  }
}

TEST_CASE("a name of two words reaches its one-word spelling, not the reverse", "[synonyms]") {
  test::TempDir dir;
  test::write_file(dir.file("a.jsonl"),
                   R"({"id":"one","title":"شبكات","body":"نشر الخبر على فيسبوك أمس"})"
                   "\n"
                   R"({"id":"two","title":"شبكات","body":"نشر الخبر على الفيس بوك أمس"})"
                   "\n"
                   R"({"id":"three","title":"طاجكستان","body":"خبر"})"
                   "\n");
  IndexOptions options;
  options.db_path = dir.file("db");
  options.inputs = {dir.file("a.jsonl")};
  options.jobs = 1;
  index_corpus(options, *test::loaded_chain());
  // The words فيس بوك in a row are the key of فيسبوك (and still match as words).
  CHECK(ids(search(options.db_path, "فيس بوك")) == Ids{"one", "two"});
  // A one-word query cannot reach two words: the synonym table maps terms to terms.
  CHECK(ids(search(options.db_path, "فيسبوك")) == Ids{"one"});
  SearchOptions off;
  off.synonyms = false;
  CHECK(ids(search(options.db_path, "فيس بوك", off)) == Ids{"two"});
  // title: searches follow the variants too.
  CHECK(ids(search(options.db_path, "title:طاجيكستان")) == Ids{"three"});
  CHECK(ids(search(options.db_path, "title:طاجيكستان", off)).empty());
}

}  // namespace
}  // namespace fahras
