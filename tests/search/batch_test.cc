#include "common/search/batch.h"

#include <catch2/catch.hpp>

#include "tests/support.h"

namespace fahras {
namespace {

TEST_CASE("a batch file gives its queries with their ids, numbering bare ones", "[search][batch]") {
  test::TempDir dir;
  test::write_file(dir.file("q.tsv"),
                   "a7\tطاجيكستان\r\n\n   \nبيروت لبنان\nx\t\n\t\"الأمم المتحدة\"\n");
  BatchReader batch(dir.file("q.tsv"));
  std::vector<std::pair<std::string, std::string>> got;
  while (auto q = batch.next()) got.emplace_back(q->qid, q->query);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"a7", "طاجيكستان"},   // CR dropped
      {"2", "بيروت لبنان"},  // numbered by its place among the queries, blanks skipped
      {"x", ""},
      {"", "\"الأمم المتحدة\""},
  };
  CHECK(got == want);
  CHECK_FALSE(batch.next());
}

TEST_CASE("a batch file that cannot be read is named in the error", "[search][batch]") {
  test::TempDir dir;
  CHECK_THROWS_WITH(BatchReader(dir.file("missing.tsv")),
                    Catch::Contains("cannot read batch file") && Catch::Contains("missing.tsv"));
  CHECK_THROWS_WITH(BatchReader(dir.path()), Catch::Contains("it is a directory"));
}

}  // namespace
}  // namespace fahras
