// Fuzzes the query path: QueryBuilder::parse and a full search (matching,
// stored fields, snippets) through Searcher, on a database built once from
// corpus/ with index_corpus. The first byte picks the options (plain or not,
// fields or not, --limit), the second --offset; the rest is the query, at
// most 8192 bytes as fahras-query allows. A query the parser cannot read
// (Xapian::QueryParserError) is fine; any other exception, a crash or a
// broken result is a finding.
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/index/indexer.h"
#include "common/search/query_builder.h"
#include "common/search/searcher.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

constexpr size_t kMaxQueryBytes = 8192;  // as fahras-query

struct Fixture {
  std::shared_ptr<const fahras::AnalysisChain> chain = fahras::AnalysisChain::load();
  std::string dir;
  std::unique_ptr<fahras::Searcher> searcher;
  Xapian::Database db;
  std::unique_ptr<fahras::QueryBuilder> builder;

  Fixture() {
    std::string pattern = "/tmp/fahras-fuzz-query-XXXXXX";
    if (!mkdtemp(pattern.data())) std::abort();
    dir = pattern;
    fahras::IndexOptions options;
    options.db_path = dir + "/db";
    options.inputs = {std::string(FAHRAS_SOURCE_DIR) + "/corpus"};
    const fahras::IndexStats stats = fahras::index_corpus(options, *chain);
    if (stats.added == 0 || stats.failed != 0) std::abort();
    searcher = std::make_unique<fahras::Searcher>(std::vector<std::string>{options.db_path}, chain);
    db = Xapian::Database(options.db_path);
    builder = std::make_unique<fahras::QueryBuilder>(*chain, db);
  }
  ~Fixture() {
    searcher.reset();
    builder.reset();
    db.close();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fixture();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2 || size - 2 > kMaxQueryBytes) return 0;
  static const unsigned kLimits[] = {0, 1, 3, 10, 100, 1000, 1000000, 2147483647};
  fahras::SearchOptions options;
  options.plain = data[0] & 1;
  options.fields = data[0] & 2;
  options.limit = kLimits[(data[0] >> 2) & 7];
  options.offset = data[1] < 250 ? data[1] : 2147483647u - (255u - data[1]);
  // (With Xapian 1.4, MSet::fetch() on a page that does not start at the
  // first hit read out of bounds: seeds/query/crash-560ae8b7, fixed in
  // common/search/searcher.cc.)
  const std::string query(reinterpret_cast<const char*>(data + 2), size - 2);

  Fixture& f = fixture();
  try {
    f.builder->parse(query, options.plain);
  } catch (const Xapian::QueryParserError&) {
    if (options.plain) fahras::fuzz::fail("--plain query not read", query);
  }
  try {
    const fahras::SearchResult r = f.searcher->search("q", query, options);
    FAHRAS_FUZZ_CHECK(r.hits.size() <= options.limit, query);
    unsigned rank = options.offset;
    for (const fahras::Hit& h : r.hits) {
      FAHRAS_FUZZ_CHECK(h.rank == ++rank, query);
      FAHRAS_FUZZ_CHECK(!h.id.empty(), query);
      for (const auto& part : h.snippet)
        FAHRAS_FUZZ_CHECK(fahras::fuzz::valid_utf8(part.text), query);
    }
  } catch (const Xapian::QueryParserError&) {
    if (options.plain) fahras::fuzz::fail("--plain query not read", query);
  }
  return 0;
}
