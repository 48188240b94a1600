// Regression tests for what the fuzz targets (tests/fuzz) found, one per
// finding, named after the input libFuzzer wrote (kept in
// tests/fuzz/seeds/TARGET/ so that every fuzz run replays it). They run in
// the ASan+UBSan build of the suite (build-asan/, see .ci/run), where an
// out-of-bounds read is caught.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/analysis/chain.h"
#include "common/search/searcher.h"
#include "tests/e2e/e2e_support.h"
#include "tests/support.h"

namespace fahras::test::robust {
namespace {

std::shared_ptr<const AnalysisChain> chain() {
  return test::loaded_chain();
}

// fuzz_query, crash-560ae8b7: "\x0f\x02لبنان" — plain query لبنان, fields,
// --limit 10, --offset 2. Xapian 1.4's MSet::fetch() (no arguments) indexes
// the page by rank, so on any page but the first it reads past the end of
// the MSet's items (heap overflow in Enquire::Internal::request_doc).
// Searcher::search_once called it for every query (common/search/searcher.cc;
// fixed: it now calls fetch(begin, end)). In a normal build fahras-query
// died of SIGSEGV on any --offset > 0 with hits.
TEST_CASE("fuzz regression: crash-560ae8b7 (fuzz_query), a page after the first",
          "[robustness][fuzz]") {
  REQUIRE(e2e::shared_db().ok());
  Searcher searcher({e2e::shared_db().path}, chain());
  for (const bool plain : {true, false}) {
    SearchOptions all;
    all.plain = plain;
    all.limit = 1000;
    const SearchResult whole = searcher.search("all", "لبنان OR طهران", all);
    REQUIRE(whole.hits.size() > 4);
    for (unsigned offset : {1u, 2u, 3u, static_cast<unsigned>(whole.hits.size()) - 1,
                            static_cast<unsigned>(whole.hits.size()), 1000000u}) {
      SearchOptions page = all;
      page.offset = offset;
      page.limit = 10;
      INFO("offset " << offset << (plain ? " plain" : ""));
      const SearchResult r = searcher.search("page", "لبنان OR طهران", page);
      for (size_t i = 0; i < r.hits.size(); ++i) {
        REQUIRE(offset + i < whole.hits.size());
        CHECK(r.hits[i].id == whole.hits[offset + i].id);
        CHECK(r.hits[i].rank == offset + i + 1);
      }
      const size_t after = whole.hits.size() - std::min<size_t>(offset, whole.hits.size());
      CHECK(r.hits.size() == std::min<size_t>(10, after));
    }
  }
}

}  // namespace
}  // namespace fahras::test::robust
