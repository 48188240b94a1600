// End-to-end tests of the words the analyzer makes of numbers, names written
// with & + . and the zero-width non-joiner: the example article is
// indexed by fahras-index and searched by fahras-query, default and --plain,
// checking the hits and the snippet's marks.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/e2e/e2e_support.h"
#include "tests/support.h"

namespace fahras::test::e2e {
namespace {

using nlohmann::json;

constexpr const char* kExample =
    "ارتفع السعر إلى 1.5 دولار وقالت شركة AT&T إن لغة C++ و ٣٫٥ مليون نصف\u200cالنهار";

struct TokensDb {
  TempDir dir;
  std::string path;
  RunResult indexing;
  TokensDb() : path(dir.file("db")) {
    std::string corpus;
    corpus += json{{"id", "example"}, {"body", kExample}}.dump() + "\n";
    // Every piece of the example's numbers and names, apart.
    corpus +=
        json{{"id", "pieces"}, {"body", "عدد 1 و 5 و 3 في القائمة و at و t و c"}}.dump() + "\n";
    corpus += json{{"id", "us"}, {"body", "قالت وزارة الخارجية U.S. إن الوفد وصل"}}.dump() + "\n";
    write_file(dir.file("news.jsonl"), corpus);
    indexing = run(index_tool(), {"--db", path, dir.file("news.jsonl")});
  }
};

const TokensDb& tokens_db() {
  static const TokensDb db;
  return db;
}

// The hits of `query` (with `extra` options): id → snippet.
std::vector<std::pair<std::string, std::string>> hits(const std::string& query,
                                                      const std::vector<std::string>& extra) {
  INFO("fahras-index: " << tokens_db().indexing.out << tokens_db().indexing.err);
  REQUIRE(tokens_db().indexing.status == 0);
  std::vector<std::string> args = {"--db", tokens_db().path, "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(query);
  const RunResult r = run(query_tool(), args);
  INFO(r.err);
  REQUIRE(r.status == 0);
  std::vector<std::pair<std::string, std::string>> found;
  const json result = json::parse(r.out);
  for (const json& hit : result.at("hits")) {
    found.emplace_back(hit.at("id").get<std::string>(), hit.at("snippet").get<std::string>());
  }
  return found;
}

TEST_CASE("numbers with separators, names with & + and ZWNJ compounds are found whole",
          "[e2e][tokens]") {
  struct Case {
    const char* query;
    const char* marked;  // the snippet's mark, whole
  };
  const std::vector<Case> cases = {
      {"1.5", "<mark>1.5</mark>"},
      {"AT&T", "<mark>AT&amp;T</mark>"},
      {"C++", "<mark>C++</mark>"},
      {"٣٫٥", "<mark>٣٫٥</mark>"},
      {"نصف", "<mark>نصف</mark>\u200cالنهار"},
  };
  for (const Case& c : cases) {
    for (const std::vector<std::string>& mode :
         {std::vector<std::string>{}, std::vector<std::string>{"--plain"}}) {
      INFO("query " << c.query << (mode.empty() ? "" : " --plain"));
      const auto found = hits(c.query, mode);
      REQUIRE(found.size() == 1);  // not the article of the pieces apart
      CHECK(found[0].first == "example");
      CHECK_THAT(found[0].second, Catch::Contains(c.marked));
      CHECK(found[0].second.find("<mark>", found[0].second.find("</mark>")) == std::string::npos);
    }
  }
}

TEST_CASE("initials with dots are found as written, in capitals or not", "[e2e][tokens]") {
  for (const char* query : {"U.S.", "u.s."}) {
    for (const std::vector<std::string>& mode :
         {std::vector<std::string>{}, std::vector<std::string>{"--plain"}}) {
      INFO("query " << query << (mode.empty() ? "" : " --plain"));
      const auto found = hits(query, mode);
      REQUIRE(!found.empty());
      CHECK(found[0].first == "us");
      CHECK_THAT(found[0].second, Catch::Contains("<mark>U</mark>.<mark>S</mark>."));
    }
  }
}

}  // namespace
}  // namespace fahras::test::e2e
