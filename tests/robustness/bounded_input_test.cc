// Bounded input: an article of more than --max-article-bytes (a JSON Lines
// line, a .txt file) is reported as FILE:LINE and skipped, the articles
// around it indexed, and the indexer's memory does not grow with it.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/robustness/robustness_support.h"
#include "tests/support.h"

namespace fahras::test::robust {
namespace {

using Catch::Matchers::Contains;

// Writes a JSON Lines file: a small article, one whose body is `body_bytes`
// bytes of Arabic words, and another small one.
void write_with_big_article(const std::string& path, size_t body_bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << "{\"id\":\"before\",\"body\":\"كلمة قبل\"}\n";
  out << "{\"id\":\"big\",\"body\":\"";
  const std::string word = "طاجيكستان ";
  for (size_t n = 0; n < body_bytes; n += word.size()) out << word;
  out << "\"}\n";
  out << "{\"id\":\"after\",\"body\":\"كلمة بعد\"}\n";
  REQUIRE(out.good());
}

// Runs `program` with `args` (output to /dev/null) and returns its exit
// status and its peak resident memory in KiB.
std::pair<int, long> run_measured(const std::string& program,
                                  const std::vector<std::string>& args) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    std::vector<char*> argv = {const_cast<char*>(program.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  REQUIRE(wait4(pid, &status, 0, &usage) == pid);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, usage.ru_maxrss};
}

TEST_CASE("bounded input: an article over --max-article-bytes is reported and skipped",
          "[robustness]") {
  TempDir tmp;
  const std::string input = tmp.file("in.jsonl"), db = tmp.file("db");
  write_with_big_article(input, 5 << 20);  // over the default of 4 MiB
  const RunResult r = run(index_tool(), {"--db", db, input});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Contains(input + ":2: article of "));
  CHECK_THAT(r.err, Contains("more than the 4194304 allowed (--max-article-bytes): skipped"));
  CHECK_THAT(r.out, Contains("2 added, 0 replaced, 0 unchanged, 1 failed"));
  CHECK(ids_in(db) == std::vector<std::string>{"after", "before"});

  // A .txt file too, with the limit given.
  write_file(tmp.file("long.txt"), std::string(300, 'x'));
  write_file(tmp.file("short.txt"), std::string(100, 'y'));
  const RunResult t = run(index_tool(), {"--db", db, "--max-article-bytes", "200",
                                         tmp.file("long.txt"), tmp.file("short.txt")});
  INFO(t.out << t.err);
  CHECK(t.status == 1);
  CHECK_THAT(t.err, Contains(tmp.file("long.txt") + ": article of 300 bytes, more than the 200"));
  CHECK(ids_in(db) == std::vector<std::string>{"after", "before", "short"});

  const RunResult zero = run(index_tool(), {"--db", db, "--max-article-bytes", "0", input});
  CHECK(zero.status == 2);
  CHECK_THAT(zero.err, Contains("--max-article-bytes must be at least 1"));
}

TEST_CASE("bounded input: the memory of the indexer does not grow with a long line",
          "[robustness]") {
  TempDir tmp;
  write_with_big_article(tmp.file("small.jsonl"), 1000);
  write_with_big_article(tmp.file("large.jsonl"), 96 << 20);
  const auto [small_status, small_kib] =
      run_measured(index_tool(), {"--db", tmp.file("a"), tmp.file("small.jsonl")});
  const auto [large_status, large_kib] =
      run_measured(index_tool(), {"--db", tmp.file("b"), tmp.file("large.jsonl")});
  INFO("peak memory: " << small_kib << " KiB with a small article, " << large_kib
                       << " KiB with one of 96 MiB (skipped)");
  CHECK(small_status == 0);
  CHECK(large_status == 1);
  // Held whole, the line alone would take 96 MiB (and parsing it several
  // times that); bounded, the reader keeps at most the limit (4 MiB).
  CHECK(large_kib < small_kib + 16 * 1024);
}

}  // namespace
}  // namespace fahras::test::robust
