// Tests for common/index/seen_ids: the ids of an indexing run.
#include "common/index/seen_ids.h"

#include <catch2/catch.hpp>
#include <string>

namespace fahras {
namespace {

TEST_CASE("seen ids: each id once, with where it was last read", "[indexer]") {
  SeenIds seen;
  CHECK_FALSE(seen.contains("a"));
  CHECK_FALSE(seen.note("a", {0, 1}));
  CHECK_FALSE(seen.note("", {0, 2}));
  CHECK(seen.contains("a"));
  CHECK(seen.contains(""));
  CHECK_FALSE(seen.contains("b"));
  const auto before = seen.note("a", {3, 7});
  REQUIRE(before);
  CHECK(before->file == 0);
  CHECK(before->line == 1);
  CHECK(seen.note("a", {4, 9})->line == 7);
  CHECK(seen.size() == 2);
}

TEST_CASE("seen ids: many ids, found after the table grows", "[indexer]") {
  SeenIds seen;
  constexpr uint32_t kIds = 200'000;
  for (uint32_t i = 0; i < kIds; ++i) {
    REQUIRE_FALSE(seen.note("s" + std::to_string(i), {i % 3, i}));
  }
  CHECK(seen.size() == kIds);
  for (uint32_t i = 0; i < kIds; i += 997) {
    const auto at = seen.note("s" + std::to_string(i), {9, 9});
    REQUIRE(at);
    CHECK(at->file == i % 3);
    CHECK(at->line == i);
  }
  CHECK_FALSE(seen.contains("s" + std::to_string(kIds)));
  CHECK_FALSE(seen.contains("s-1"));
}

}  // namespace
}  // namespace fahras
