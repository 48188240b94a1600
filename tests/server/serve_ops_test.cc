// End-to-end tests of fahras-serve as a running service: limits, a full
// queue, the time limit, a database gone, live data while an indexer
// writes, SIGTERM, the access log and the command line.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.h"
#include "tests/server/serve_support.h"

namespace fahras::test::serve {
namespace {

using Clock = std::chrono::steady_clock;

// A batch of `n` queries, each counting facets over every match (slow enough
// to keep a thread busy for a while).
std::string slow_batch(int n) {
  const char* words[] = {"الرئيس", "طهران", "بيروت", "لبنان OR فرنسا", "\"الأمم المتحدة\""};
  std::string body;
  for (int i = 0; i < n; ++i) body += nlohmann::json{{"query", words[i % 5]}}.dump() + "\n";
  return body;
}
const char kSlowParams[] = "/batch?facet=source,category,day&collapse=1&explain=1&limit=20";

TEST_CASE("fahras-serve: a full queue is 503 with Retry-After, never another failure", "[serve]") {
  REQUIRE(e2e::shared_db().ok());
  ServeProcess service({"--db", e2e::shared_db().path, "--threads", "1", "--queue", "1"});
  const std::string body = slow_batch(200);
  std::vector<std::future<httplib::Response>> answers;
  for (int i = 0; i < 12; ++i) {
    answers.push_back(std::async(std::launch::async, [&] {
      auto client = service.client();
      return post(*client, kSlowParams, body);
    }));
  }
  int ok = 0, busy = 0;
  for (auto& a : answers) {
    const httplib::Response res = a.get();
    INFO(res.status << " " << res.body.substr(0, 200));
    REQUIRE((res.status == 200 || res.status == 503));
    if (res.status == 200) ++ok;
    if (res.status == 503) {
      ++busy;
      CHECK(res.get_header_value("Retry-After") == "1");
      CHECK(json_of(res)["error"].get<std::string>().find("busy") != std::string::npos);
    }
  }
  CHECK(ok >= 1);
  CHECK(busy >= 1);
}

TEST_CASE("fahras-serve: a request over the time limit is 503", "[serve]") {
  ServeProcess service({"--db", e2e::shared_db().path, "--timeout", "300", "--threads", "2"});
  auto client = service.client();
  const auto res = post(*client, kSlowParams, slow_batch(1000));
  CHECK(res.status == 503);
  CHECK(json_of(res)["error"].get<std::string>().find("longer than 300 ms") != std::string::npos);
  // A quick one still answers (the other thread is free), though on a loaded
  // machine it may take more than one try to finish within 300 ms.
  int status = 0;
  for (int attempt = 0; attempt < 10 && status != 200; ++attempt) {
    status = get(*client, "/search", {{"q", "بيروت"}}).status;
  }
  CHECK(status == 200);
}

TEST_CASE("fahras-serve: a database gone is 503, and served again when back", "[serve]") {
  TempDir dir;
  const std::string db = dir.file("db"), away = dir.file("away");
  e2e::copy_shared_db(db);
  ServeProcess service({"--db", db});
  auto client = service.client();
  REQUIRE(get(*client, "/search", {{"q", "بيروت"}}).status == 200);
  std::filesystem::rename(db, away);
  const auto gone = get(*client, "/search", {{"q", "بيروت"}});
  CHECK(gone.status == 503);
  CHECK(json_of(gone)["error"].get<std::string>().find("database unavailable") !=
        std::string::npos);
  CHECK(get(*client, "/health").status == 503);
  std::filesystem::rename(away, db);
  CHECK(get(*client, "/search", {{"q", "بيروت"}}).status == 200);
}

TEST_CASE("fahras-serve: an indexer's commit is seen within 2 s, no request failing", "[serve]") {
  TempDir dir;
  const std::string db = dir.file("db");
  e2e::copy_shared_db(db);
  ServeProcess service({"--db", db, "--threads", "2"});
  const std::string word = "زنجبيلستان";
  std::string articles;
  for (int i = 0; i < 300; ++i) {
    articles +=
        nlohmann::json{{"id", "live-" + std::to_string(i)},
                       {"title", "خبر جديد " + std::to_string(i)},
                       {"body", "نص عن " + word + " والرئيس في بيروت رقم " + std::to_string(i)},
                       {"date", "2024-02-0" + std::to_string(1 + i % 9)}}
            .dump() +
        "\n";
  }
  write_file(dir.file("new.jsonl"), articles);

  // Clients searching all along, counting what is not a 200.
  std::atomic<bool> done{false};
  std::atomic<int> requests{0}, failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 3; ++c) {
    clients.emplace_back([&] {
      auto client = service.client();
      while (!done) {
        auto res = client->Get("/search?q=%D8%A7%D9%84%D8%B1%D8%A6%D9%8A%D8%B3&facet=day");
        ++requests;
        if (!res || res->status != 200) ++failures;
      }
    });
  }
  const RunResult indexing =
      run(index_tool(), {"--db", db, "--batch-size", "100", dir.file("new.jsonl")});
  const auto committed = Clock::now();
  REQUIRE(indexing.status == 0);
  auto client = service.client();
  unsigned found = 0;
  while (Clock::now() - committed < std::chrono::seconds(5)) {
    const auto res =
        get(*client, "/search", {{"q", word}, {"limit", "0"}, {"exact", "1"}, {"facet", "year"}});
    REQUIRE(res.status == 200);
    found = json_of(res)["estimate"].get<unsigned>();
    if (found == 300) break;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - committed).count();
  done = true;
  for (auto& t : clients) t.join();
  CHECK(found == 300);
  CHECK(seconds <= 2.0);
  CHECK(requests > 0);
  CHECK(failures == 0);
}

TEST_CASE("fahras-serve: SIGTERM finishes the requests in flight and exits 0", "[serve]") {
  // No time limit in the way: a sanitizer build takes many times as long.
  ServeProcess service({"--db", e2e::shared_db().path, "--threads", "1", "--max-batch", "5000",
                        "--timeout", "600000"});
  const std::string body = slow_batch(3000);
  auto answer = std::async(std::launch::async, [&] {
    auto client = service.client();
    return post(*client, kSlowParams, body);
  });
  // In flight: the service has worked on it for a while (0.2 s of processor
  // time) and not answered yet.
  const double idle = service.cpu_seconds();
  while (service.cpu_seconds() < idle + 0.2) {
    REQUIRE(answer.wait_for(std::chrono::milliseconds(10)) == std::future_status::timeout);
  }
  CHECK(service.stop(SIGTERM) == 0);
  const httplib::Response res = answer.get();
  CHECK(res.status == 200);
  CHECK(e2e::lines_of(res.body).size() == 3000);
}

TEST_CASE("fahras-serve: one access-log line per request", "[serve]") {
  TempDir dir;
  ServeProcess service({"--db", e2e::shared_db().path, "--access-log", dir.file("access.log")});
  auto client = service.client();
  get(*client, "/health");
  get(*client, "/search", {{"q", "AND OR"}});
  get(*client, "/nope");
  service.stop();
  const auto lines = e2e::lines_of([&] {
    std::ifstream in(dir.file("access.log"));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }());
  REQUIRE(lines.size() == 3);
  // A line is written once the answer is sent: the order may differ.
  const std::regex line(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (GET) (/\S*) (\d{3}) \d+\.\d)");
  std::set<std::pair<std::string, std::string>> logged;
  for (const std::string& text : lines) {
    std::smatch m;
    INFO(text);
    REQUIRE(std::regex_match(text, m, line));
    logged.insert({m[2], m[3]});
  }
  const std::set<std::pair<std::string, std::string>> expected = {
      {"/health", "200"}, {"/search", "400"}, {"/nope", "404"}};
  CHECK(logged == expected);
  CHECK(service.log().find("GET") == std::string::npos);  // not on standard error
}

TEST_CASE("fahras-serve: command line", "[serve]") {
  const RunResult help = run(serve_tool(), {"--help"});
  CHECK(help.status == 0);
  CHECK(help.out.find("--listen") != std::string::npos);
  CHECK(help.out.find("127.0.0.1:8080") != std::string::npos);  // the default: this machine
  CHECK(run(serve_tool(), {}).status == 2);
  CHECK(run(serve_tool(), {"--db", e2e::shared_db().path, "--listen", "8080"}).status == 2);
  CHECK(run(serve_tool(), {"--db", e2e::shared_db().path, "--bogus"}).status == 2);
  TempDir dir;
  const RunResult missing = run(serve_tool(), {"--db", dir.file("none")});
  CHECK(missing.status == 2);
  CHECK(missing.err.find(dir.file("none")) != std::string::npos);
}

}  // namespace
}  // namespace fahras::test::serve
