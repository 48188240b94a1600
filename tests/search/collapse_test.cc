// Tests for SearchOptions::collapse: corpus/ and copies of two of its articles
// (tests/index/copies.h) indexed into two shards, searched with and without
// collapsing near copies.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/index/indexer.h"
#include "common/search/searcher.h"
#include "tests/index/copies.h"
#include "tests/support.h"

namespace fahras {
namespace {

using test::TempDir;
using namespace test::copies;

struct CopiesDb {
  TempDir dir;
  std::string db = dir.file("db");
  CopiesDb() {
    test::write_file(dir.file("copies.jsonl"), copies_jsonl());
    IndexOptions options;
    options.db_path = db;
    options.inputs = {test::corpus_dir(), dir.file("copies.jsonl")};
    options.jobs = 2;
    const IndexStats stats = index_corpus(options, *test::loaded_chain());
    if (stats.added != 49 + kCopyIds.size()) throw std::runtime_error("corpus not indexed");
  }
};

const CopiesDb& copies_db() {
  static const CopiesDb db;
  return db;
}

SearchResult search(const std::string& query, bool collapse, unsigned limit = 100,
                    unsigned offset = 0) {
  Searcher searcher({copies_db().db}, test::loaded_chain());
  SearchOptions options;
  options.collapse = collapse;
  options.limit = limit;
  options.offset = offset;
  return searcher.search("1", query, options);
}

// Hit id → copies folded into it.
std::map<std::string, unsigned> copies_by_hit(const SearchResult& result) {
  std::map<std::string, unsigned> copies;
  for (const Hit& hit : result.hits) {
    REQUIRE(hit.copies);
    copies[hit.id] = *hit.copies;
  }
  return copies;
}

// The cluster of `original` (it and its copies) among `ids`.
size_t in_cluster(const std::string& original, const std::set<std::string>& ids) {
  size_t n = ids.count(original);
  for (const auto& [copy, of] : kCopyIds) n += of == original && ids.count(copy);
  return n;
}

TEST_CASE("collapse shows each story once with its number of copies", "[collapse]") {
  // المعلم is in art-008 and its 5 copies only.
  const SearchResult all = search("المعلم", false);
  REQUIRE(all.hits.size() == 6);
  for (const Hit& hit : all.hits) CHECK_FALSE(hit.copies);

  const SearchResult collapsed = search("المعلم", true);
  REQUIRE(collapsed.hits.size() == 1);
  CHECK(in_cluster("art-008", {collapsed.hits[0].id}) == 1);
  CHECK(*collapsed.hits[0].copies == 5);
  CHECK(collapsed.estimate == 1);
  // The hit kept is the best ranked of the story.
  CHECK(collapsed.hits[0].id == all.hits[0].id);
}

TEST_CASE("collapse folds only copies, and counts the copies that match", "[collapse]") {
  // Stories about Tehran: art-008 (6 articles with copies), art-043 (3), and
  // other articles of corpus/ that are not copies of each other.
  const SearchResult all = search("طهران", false);
  const SearchResult collapsed = search("طهران", true);
  std::set<std::string> all_ids;
  for (const Hit& hit : all.hits) all_ids.insert(hit.id);
  const size_t folded_008 = in_cluster("art-008", all_ids);
  const size_t folded_043 = in_cluster("art-043", all_ids);
  REQUIRE(folded_008 == 6);
  REQUIRE(folded_043 == 3);
  CHECK(collapsed.hits.size() == all.hits.size() - (folded_008 - 1) - (folded_043 - 1));
  CHECK(collapsed.estimate == collapsed.hits.size());
  unsigned total = 0;
  for (const auto& [id, copies] : copies_by_hit(collapsed)) {
    INFO(id);
    total += copies;
    const std::string original = kCopyIds.count(id) ? kCopyIds.at(id) : id;
    if (original == "art-008") {
      CHECK(copies == 5);
    } else if (original == "art-043") {
      CHECK(copies == 2);
    } else {
      CHECK(copies == 0);
    }
  }
  CHECK(total + collapsed.hits.size() == all.hits.size());
  // Several words (an OR): the estimate is still the exact number of stories.
  const SearchResult words = search("طهران دمشق بغداد المعلم", true);
  CHECK(words.estimate == words.hits.size());

  // رويترز is only in the copies under Reuters' dateline: two of art-008, one of art-043.
  const auto reuters = copies_by_hit(search("رويترز", true));
  REQUIRE(reuters.size() == 2);
  for (const auto& [id, copies] : reuters) {
    CHECK(copies == (kCopyIds.at(id) == "art-008" ? 1u : 0u));
  }
}

TEST_CASE("collapse pages through stories", "[collapse]") {
  const SearchResult whole = search("طهران", true);
  REQUIRE(whole.hits.size() >= 4);
  std::vector<std::string> paged;
  for (unsigned offset = 0; offset < whole.hits.size(); offset += 2) {
    const SearchResult page = search("طهران", true, 2, offset);
    CHECK(page.estimate == whole.estimate);
    for (const Hit& hit : page.hits) {
      paged.push_back(hit.id);
      CHECK(*hit.copies == copies_by_hit(whole).at(hit.id));
    }
  }
  std::vector<std::string> expected;
  for (const Hit& hit : whole.hits) expected.push_back(hit.id);
  CHECK(paged == expected);
}

}  // namespace
}  // namespace fahras
