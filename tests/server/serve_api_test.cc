// End-to-end tests of fahras-serve's JSON API: the real service over the
// database built from corpus/, its answers compared with fahras-query's.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.h"
#include "tests/server/serve_support.h"

namespace fahras::test::serve {
namespace {

using e2e::shared_db;

// The service over the shared database, started once for the tests that
// only read it.
ServeProcess& shared_service() {
  static ServeProcess service({"--db", shared_db().path});
  return service;
}

// fahras-query --format json ARGS... QUERY, parsed.
nlohmann::json cli_json(std::vector<std::string> args, const std::string& query) {
  args.insert(args.begin(), {"--format", "json"});
  args.push_back("--");
  args.push_back(query);
  const RunResult r = e2e::query(shared_db().path, args);
  INFO(r.err);
  REQUIRE((r.status == 0 || r.status == 1));
  return nlohmann::json::parse(r.out);
}

struct Case {
  std::vector<std::string> cli;  // fahras-query's options
  httplib::Params params;        // the same for /search, without q
};

TEST_CASE("fahras-serve: /search gives fahras-query's fields and ranking", "[serve]") {
  REQUIRE(shared_db().ok());
  auto client = shared_service().client();
  const std::vector<Case> cases = {
      {{}, {}},
      {{"--limit", "3", "--offset", "2"}, {{"limit", "3"}, {"offset", "2"}}},
      {{"--facet", "source", "--facet", "year"}, {{"facet", "source"}, {"facet", "year"}}},
      {{"--facet", "month", "--facet", "day"}, {{"facet", "month,day"}}},
      {{"--sort", "date"}, {{"sort", "date"}}},
      {{"--sort", "recency", "--explain"}, {{"sort", "recency"}, {"explain", "1"}}},
      {{"--collapse"}, {{"collapse", "1"}}},
      {{"--plain"}, {{"plain", "true"}}},
      {{"--no-synonyms", "--no-suggest"}, {{"synonyms", "0"}, {"suggest", "0"}}},
      {{"--exact"}, {{"exact", "1"}}},
  };
  const std::vector<std::string> queries = {
      "طاجيكستان",
      "\"الأمم المتحدة\"",
      "لبنان OR فرنسا",
      "طهران source:alrai",
      "الرئيس date:2019-01-01..2022-12-31",
      "طاجيكسان",
      "title:بيروت",
      "-لبنان بيروت",
  };
  for (const Case& c : cases) {
    for (const std::string& q : queries) {
      httplib::Params params = c.params;
      params.emplace("q", q);
      const httplib::Response res = get(*client, "/search", params);
      INFO("query " << q << ", options " << c.cli.size());
      CHECK(res.status == 200);
      CHECK(res.get_header_value("Content-Type") == "application/json; charset=utf-8");
      CHECK(json_of(res) == cli_json(c.cli, q));
    }
  }
}

TEST_CASE("fahras-serve: /search?like= finds articles like one", "[serve]") {
  auto client = shared_service().client();
  const auto res = get(*client, "/search", {{"like", "art-010"}, {"limit", "5"}});
  REQUIRE(res.status == 200);
  const RunResult r =
      e2e::query(shared_db().path, {"--format", "json", "--like", "art-010", "--limit", "5"});
  CHECK(json_of(res) == nlohmann::json::parse(r.out));
}

TEST_CASE("fahras-serve: POST /batch answers each line as fahras-query --batch", "[serve]") {
  auto client = shared_service().client();
  const std::string body =
      "{\"qid\": \"a\", \"query\": \"طاجيكستان\"}\n"
      "\n"
      "{\"qid\": 7, \"query\": \"بيروت\"}\n"
      "{\"qid\": \"bad\", \"query\": \"AND OR\"}\n"
      "{\"query\": \"طهران\"}\n";
  const auto res = post(*client, "/batch?limit=3&facet=source", body);
  REQUIRE(res.status == 200);
  CHECK(res.get_header_value("Content-Type") == "application/jsonl; charset=utf-8");
  const auto lines = e2e::lines_of(res.body);
  REQUIRE(lines.size() == 4);
  const RunResult cli = e2e::query(
      shared_db().path, {"--format", "json", "--limit", "3", "--facet", "source", "--batch", "-"},
      "a\tطاجيكستان\n7\tبيروت\n5\tطهران\n");
  const auto expected = nlohmann::json::parse(cli.out);
  CHECK(nlohmann::json::parse(lines[0]) == expected[0]);
  CHECK(nlohmann::json::parse(lines[1]) == expected[1]);
  const auto bad = nlohmann::json::parse(lines[2]);
  CHECK(bad["query_id"] == "bad");
  CHECK(bad["query"] == "AND OR");
  CHECK(bad["error"].get<std::string>().find("cannot read the query") != std::string::npos);
  CHECK(nlohmann::json::parse(lines[3]) == expected[2]);  // numbered by its line: 5
}

TEST_CASE("fahras-serve: /analyze gives fahras-query --analyze's tokens", "[serve]") {
  auto client = shared_service().client();
  const std::string text = "وَبِالطّاجِيكِسْتانِ للأمم في";
  const auto res = get(*client, "/analyze", {{"text", text}});
  REQUIRE(res.status == 200);
  const RunResult r = run(query_tool(), {"--analyze", text, "--format", "json"});
  CHECK(json_of(res) == nlohmann::json::parse(r.out));
}

TEST_CASE("fahras-serve: /articles/{id} gives fahras-query --get's article", "[serve]") {
  auto client = shared_service().client();
  for (const std::string& id : {std::string(e2e::kSeedId), std::string("art-024")}) {
    const auto res = get(*client, "/articles/" + id);
    REQUIRE(res.status == 200);
    const RunResult r = e2e::query(shared_db().path, {"--get", id, "--format", "json"});
    CHECK(json_of(res) == nlohmann::json::parse(r.out));
  }
  const auto missing = get(*client, "/articles/no-such-article");
  CHECK(missing.status == 404);
  CHECK(json_of(missing)["error"] == "no article with id 'no-such-article'");
}

TEST_CASE("fahras-serve: /articles/{id}?q= marks the query's matches in the whole text",
          "[serve]") {
  auto client = shared_service().client();
  // art-024 is vocalized: «وَلُبْنَانَ» and «الأُمَمِ المُتَّحِدَةِ» (corpus/README.md).
  const auto res = get(*client, "/articles/art-024", {{"q", "لبنان \"الأمم المتحدة\""}});
  REQUIRE(res.status == 200);
  const auto article = json_of(res);
  const std::string body = article["highlighted"]["body"];
  CHECK(body.find("<mark>وَلُبْنَانَ</mark>") != std::string::npos);
  CHECK(body.find("<mark>الأُمَمِ</mark>") != std::string::npos);
  // Everything else is the stored text (HTML-escaped), whole: no window, no ellipsis.
  std::string plain = body;
  for (const std::string tag : {"<mark>", "</mark>"}) {
    for (size_t at; (at = plain.find(tag)) != std::string::npos;) plain.erase(at, tag.size());
  }
  CHECK(plain == article["body"].get<std::string>());
  CHECK(get(*client, "/articles/art-024", {{"q", "AND OR"}}).status == 400);
  CHECK(get(*client, "/articles/art-024", {{"x", "1"}}).status == 400);
}

TEST_CASE("fahras-serve: /stats gives fahras-query --stats", "[serve]") {
  auto client = shared_service().client();
  const auto res = get(*client, "/stats");
  REQUIRE(res.status == 200);
  const RunResult r = e2e::query(shared_db().path, {"--stats", "--format", "json"});
  CHECK(json_of(res) == nlohmann::json::parse(r.out));
  CHECK(json_of(res)["articles"] == e2e::corpus_records().size() + 1);  // and the seed
}

TEST_CASE("fahras-serve: /health", "[serve]") {
  auto client = shared_service().client();
  const auto res = get(*client, "/health");
  CHECK(res.status == 200);
  CHECK(json_of(res)["status"] == "ok");
}

// The status and error message of GET `path` with `params`.
std::pair<int, std::string> error_of(const std::string& path, const httplib::Params& params) {
  auto client = shared_service().client();
  const auto res = get(*client, path, params);
  INFO(path << " answered " << res.body);
  CHECK(res.get_header_value("Content-Type") == "application/json; charset=utf-8");
  const auto body = json_of(res);
  REQUIRE(body.contains("error"));
  return {res.status, body["error"].get<std::string>()};
}

TEST_CASE("fahras-serve: a bad query or parameter is 400 with a JSON error", "[serve]") {
  CHECK(error_of("/search", {}).first == 400);
  CHECK(error_of("/search", {{"q", "AND OR"}}).first == 400);
  CHECK(error_of("/search", {{"q", "x"}, {"limit", "abc"}}).first == 400);
  CHECK(error_of("/search", {{"q", "x"}, {"limit", "101"}}).first == 400);
  CHECK(error_of("/search", {{"q", "x"}, {"offset", "10001"}}).first == 400);
  CHECK(error_of("/search", {{"q", "x"}, {"limit", "-1"}}).first == 400);
  CHECK(error_of("/search", {{"q", "x"}, {"sort", "size"}}).first == 400);
  CHECK(error_of("/search", {{"q", "x"}, {"facet", "colour"}}).first == 400);
  CHECK(error_of("/search", {{"q", "x"}, {"plain", "maybe"}}).first == 400);
  CHECK(error_of("/search", {{"q", "x"}, {"q", "y"}}).first == 400);
  CHECK(error_of("/search", {{"q", "x"}, {"lmit", "5"}}).second.find("'lmit'") !=
        std::string::npos);
  CHECK(error_of("/search", {{"like", "no-such-article"}}).first == 400);
  CHECK(error_of("/analyze", {}).first == 400);
}

TEST_CASE("fahras-serve: a query over 8 KiB is refused, in a URL or a batch", "[serve]") {
  // The HTTP library refuses URLs over 8 KiB (414); a batch takes longer queries.
  const auto [status, message] = error_of("/search", {{"q", std::string(8193, 'a')}});
  CHECK(status == 414);
  CHECK(message.find("POST /batch") != std::string::npos);
  auto client = shared_service().client();
  const std::string longest(8192, 'a');
  const auto res = post(*client, "/batch",
                        nlohmann::json{{"query", longest + "a"}}.dump() + "\n" +
                            nlohmann::json{{"query", longest}}.dump() + "\n");
  REQUIRE(res.status == 200);
  const auto lines = e2e::lines_of(res.body);
  REQUIRE(lines.size() == 2);
  CHECK(nlohmann::json::parse(lines[0])["error"].get<std::string>().find("too long") !=
        std::string::npos);
  CHECK(nlohmann::json::parse(lines[1]).contains("hits"));
}

TEST_CASE("fahras-serve: an unknown path is 404, and no path reaches the filesystem", "[serve]") {
  for (const std::string path : {"/nope", "/../../etc/passwd", "/server/assets/app.js",
                                 "/app.js/../../CMakeLists.txt", "/%2e%2e/etc/passwd"}) {
    auto client = shared_service().client();
    const auto res = get(*client, path);
    INFO(path);
    CHECK(res.status == 404);
    CHECK(json_of(res).contains("error"));
  }
}

TEST_CASE("fahras-serve: a batch too large is 413", "[serve]") {
  REQUIRE(shared_db().ok());
  ServeProcess service({"--db", shared_db().path, "--max-body", "1000", "--max-batch", "3"});
  auto client = service.client();
  std::string four;
  for (int i = 0; i < 4; ++i) four += "{\"query\": \"بيروت\"}\n";
  CHECK(post(*client, "/batch", four).status == 413);
  CHECK(post(*client, "/batch", four.substr(0, four.size() / 4 * 3)).status == 200);
  const auto big = post(*client, "/batch", "{\"query\": \"" + std::string(1000, 'a') + "\"}\n");
  CHECK(big.status == 413);
  CHECK(json_of(big).contains("error"));
  CHECK(post(*client, "/batch", "not json\n").status == 400);
}

TEST_CASE("fahras-serve: the page and its files are embedded, with a CSP", "[serve]") {
  auto client = shared_service().client();
  const auto page = get(*client, "/");
  REQUIRE(page.status == 200);
  CHECK(page.get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page.body.find("<html lang=\"ar\" dir=\"rtl\">") != std::string::npos);
  const std::string policy = page.get_header_value("Content-Security-Policy");
  CHECK(policy.find("script-src 'self'") != std::string::npos);
  CHECK(policy.find("unsafe-inline") == std::string::npos);
  // No inline script: every <script> element has a src.
  CHECK(page.body.find("<script>") == std::string::npos);
  CHECK(page.body.find("http://") == std::string::npos);
  CHECK(page.body.find("https://") == std::string::npos);
  for (const std::string path : {"/app.js", "/app.css", "/favicon.svg", "/openapi.json"}) {
    const auto res = get(*client, path);
    INFO(path);
    CHECK(res.status == 200);
    CHECK(res.body.size() > 100);
  }
  CHECK(get(*client, "/app.js").body.find("innerHTML") == std::string::npos);
}

}  // namespace
}  // namespace fahras::test::serve
