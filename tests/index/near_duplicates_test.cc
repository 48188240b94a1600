// Tests for common/index/near_duplicates (MinHash signatures, clusters of near
// copies) and for the collapse keys the indexer gives: articles of corpus/ and
// copies of them made the way outlets copy a wire story (another dateline,
// another first sentence, a few words changed), indexed into real databases.
#include "common/index/near_duplicates.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/index/indexer.h"
#include "common/index/layout.h"
#include "common/schema.h"
#include "tests/index/copies.h"
#include "tests/support.h"

namespace fahras {
namespace {

using test::TempDir;
using test::write_file;
using namespace test::copies;

Signature signature_of(const std::string& text) {
  const auto signature = text_signature(test::loaded_chain()->normalize(text));
  REQUIRE(signature);
  return *signature;
}

double similarity_of(const std::string& a, const std::string& b) {
  return similarity(signature_of(a), signature_of(b));
}

// The collapse key (slot 6) of every article of the database at `path`, by id.
std::map<std::string, std::string> collapse_keys(const std::string& path) {
  Xapian::Database db(path);
  std::map<std::string, std::string> keys;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    keys[doc.get_value(schema::kIdSlot)] = doc.get_value(schema::kCollapseSlot);
  }
  return keys;
}

IndexStats index(const std::string& db, const std::vector<std::string>& inputs, unsigned jobs) {
  IndexOptions options;
  options.db_path = db;
  options.inputs = inputs;
  options.jobs = jobs;
  return index_corpus(options, *test::loaded_chain());
}

TEST_CASE("a signature is the same for the same words, whatever their spelling",
          "[near_duplicates]") {
  const std::string body = corpus_body("art-008");
  CHECK(similarity_of(body, body) == 1.0);
  // Diacritics and hamza forms are folded by the analysis chain's normalizer.
  CHECK(similarity_of("وصلَ الوزيرُ إلى بيروتَ صباح اليوم في زيارة",
                      "وصل الوزير الى بيروت صباح اليوم في زيارة") == 1.0);
  CHECK_FALSE(text_signature(""));
  CHECK_FALSE(text_signature(" ... ، "));
  // Fewer words than a shingle: one shingle.
  CHECK(similarity_of("عاجل", "عاجل") == 1.0);
  CHECK(similarity_of("عاجل", "تفاصيل") < 0.1);
}

TEST_CASE("a signature survives its value slot", "[near_duplicates]") {
  const Signature signature = signature_of(corpus_body("art-001"));
  const std::string bytes = encode_signature(signature);
  CHECK(bytes.size() == 2 * kSignatureHashes);
  const auto decoded = decode_signature(bytes);
  REQUIRE(decoded);
  CHECK(*decoded == signature);
  CHECK_FALSE(decode_signature(bytes.substr(1)));
  CHECK_FALSE(decode_signature(""));
}

TEST_CASE("near copies are similar, other stories on the same topic are not", "[near_duplicates]") {
  const std::string body = corpus_body("art-008");
  CHECK(similarity_of(body, with_dateline(body)) >= kCopySimilarity);
  CHECK(similarity_of(body, with_new_first_sentence(body)) >= kCopySimilarity);
  CHECK(similarity_of(body, with_words_changed(body)) >= kCopySimilarity);
  CHECK(similarity_of(body, rewritten(body)) >= kCopySimilarity);
  // Same topics, different stories: the embassy in Jerusalem, the WHO, COVID-19, NATO.
  CHECK(similarity_of(corpus_body("art-014"), corpus_body("art-015")) < 0.2);
  CHECK(similarity_of(corpus_body("art-011"), corpus_body("art-025")) < 0.2);
  CHECK(similarity_of(corpus_body("art-012"), corpus_body("art-030")) < 0.2);
  CHECK(similarity_of(corpus_body("art-016"), corpus_body("art-017")) < 0.2);
}

TEST_CASE("clusters: a copy takes the key of the first article of its story", "[near_duplicates]") {
  DuplicateClusters clusters;
  const std::string body = corpus_body("art-008");
  CHECK(clusters.assign(signature_of(body), "first") == "first");
  CHECK(clusters.assign(signature_of(corpus_body("art-043")), "other") == "other");
  CHECK(clusters.assign(signature_of(body), "exact") == "first");
  CHECK(clusters.assign(signature_of(rewritten(body)), "near") == "first");
  CHECK(clusters.assign(signature_of(corpus_body("art-019")), "third") == "third");
  CHECK(clusters.size() == 5);

  // An article of an earlier run, added with its key, is found the same way.
  DuplicateClusters later;
  later.add(signature_of(body), "earlier");
  CHECK(later.assign(signature_of(with_dateline(body)), "new") == "earlier");
}

TEST_CASE("clusters remember the last articles of their window only", "[near_duplicates]") {
  const std::string story = corpus_body("art-008");
  const std::vector<std::string> others = {corpus_body("art-019"), corpus_body("art-043"),
                                           corpus_body("art-011")};
  // The original and two other stories fit in a window of 3: the copy is found.
  DuplicateClusters wide(3);
  CHECK(wide.assign(signature_of(story), "first") == "first");
  for (size_t i = 0; i < 2; ++i) wide.assign(signature_of(others[i]), "other" + std::to_string(i));
  CHECK(wide.assign(signature_of(rewritten(story)), "copy") == "first");
  CHECK(wide.size() == 3);

  // Three other stories push the original out of the window: the copy starts
  // a cluster of its own, and the stories still remembered are found.
  DuplicateClusters narrow(3);
  narrow.assign(signature_of(story), "first");
  for (size_t i = 0; i < 3; ++i) narrow.assign(signature_of(others[i]), "other" + std::to_string(i));
  CHECK(narrow.assign(signature_of(rewritten(story)), "copy") == "copy");
  CHECK(narrow.assign(signature_of(others[2]), "again") == "other2");
  CHECK(narrow.size() == 3);

  // A window of one, over every article of the corpus: the band index starts
  // over many times, and the last article is still found.
  DuplicateClusters one(1);
  std::string last;
  for (int i = 1; i <= 48; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "art-%03d", i);
    last = corpus_body(id);
    CHECK(one.assign(signature_of(last), id) == id);
  }
  CHECK(one.assign(signature_of(rewritten(last)), "copy") == "art-048");
  CHECK(one.size() == 1);
}

// A signature of random values (no two alike but by chance).
Signature random_signature(uint64_t& state) {
  Signature signature;
  for (uint16_t& value : signature) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    value = static_cast<uint16_t>(state >> 48);
  }
  return signature;
}

TEST_CASE("clusters find copies among many articles, in about 150 bytes of memory an article",
          "[near_duplicates]") {
  constexpr size_t kArticles = 100'000;
  const std::string story = corpus_body("art-008");
  DuplicateClusters clusters(kArticles);
  uint64_t state = 1;
  CHECK(clusters.assign(signature_of(story), "first") == "first");
  for (size_t i = 1; i < kArticles / 2; ++i) {
    const std::string id = "id-" + std::to_string(i);
    REQUIRE(clusters.assign(random_signature(state), id) == id);
  }
  // Found after many merges of the band lists, and so are its copies after it.
  CHECK(clusters.assign(signature_of(rewritten(story)), "copy") == "first");
  for (size_t i = kArticles / 2 + 1; i < kArticles; ++i) {
    clusters.assign(random_signature(state), "id-" + std::to_string(i));
  }
  CHECK(clusters.assign(signature_of(with_dateline(story)), "late") == "first");
  CHECK(clusters.size() == kArticles);
  CHECK(clusters.memory() < kArticles * 160);
  // One article more, and the first one is forgotten: its copies keep its key.
  CHECK(clusters.assign(signature_of(with_dateline(story)), "later") == "first");
  DuplicateClusters narrow(kArticles / 2);
  narrow.assign(signature_of(story), "first");
  for (size_t i = 1; i <= kArticles / 2; ++i) narrow.assign(random_signature(state), "x");
  CHECK(narrow.assign(signature_of(rewritten(story)), "copy") == "copy");
  CHECK(narrow.memory() < kArticles / 2 * 160);
}

TEST_CASE("the indexer gives copies one collapse key across shards", "[near_duplicates]") {
  TempDir dir;
  write_file(dir.file("copies.jsonl"), copies_jsonl());
  const std::string db = dir.file("db");
  const IndexStats stats = index(db, {test::corpus_dir(), dir.file("copies.jsonl")}, 2);
  REQUIRE(stats.shards == 2);
  REQUIRE(stats.failed == 0);
  const auto keys = collapse_keys(db);
  REQUIRE(keys.size() == 49 + kCopyIds.size());

  // Every copy of art-008 and art-043 is with its original, wherever its shard.
  std::set<unsigned> shards;
  for (const auto& [copy, original] : kCopyIds) {
    INFO(copy);
    CHECK(keys.at(copy) == keys.at(original));
    shards.insert(shard_of(copy, 2));
  }
  CHECK(shards.size() == 2);
  // The corpus' articles are all different stories, some on the same topic.
  std::set<std::string> distinct;
  for (const auto& [id, key] : keys) {
    CHECK_FALSE(key.empty());
    if (!kCopyIds.count(id)) distinct.insert(key);
  }
  CHECK(distinct.size() == 49);
  CHECK(keys.at("art-014") != keys.at("art-015"));
}

TEST_CASE("a later run's copies join the clusters of an earlier run", "[near_duplicates]") {
  TempDir dir;
  const std::string db = dir.file("db");
  REQUIRE(index(db, {test::corpus_dir()}, 2).added == 49);
  const auto before = collapse_keys(db);

  write_file(dir.file("copies.jsonl"), copies_jsonl());
  const IndexStats stats = index(db, {dir.file("copies.jsonl")}, 2);
  CHECK(stats.added == kCopyIds.size());
  auto after = collapse_keys(db);
  for (const auto& [copy, original] : kCopyIds) {
    INFO(copy);
    CHECK(after.at(copy) == before.at(original));
  }
  // The earlier articles keep their keys; indexing everything again changes nothing.
  for (const auto& [id, key] : before) CHECK(after.at(id) == key);
  const IndexStats again = index(db, {test::corpus_dir(), dir.file("copies.jsonl")}, 2);
  CHECK(again.unchanged == 49 + kCopyIds.size());
  CHECK(collapse_keys(db) == after);
}

}  // namespace
}  // namespace fahras
