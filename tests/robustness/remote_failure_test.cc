// A remote shard that fails in the middle of a batch: xapian-tcpsrv stalled
// (SIGSTOP) or killed once fahras-query --batch has opened it. The query tool
// exits 2 within its --timeout, naming the shard; it never hangs.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/e2e/e2e_support.h"
#include "tests/e2e/tcp_server.h"
#include "tests/robustness/robustness_support.h"
#include "tests/support.h"

namespace fahras::test::robust {
namespace {

using Catch::Matchers::Contains;

constexpr double kTimeout = 1.0;  // fahras-query --timeout, seconds

// Opens the FIFO `path` for writing once `reader` has opened it for reading
// (then it has opened its databases); -1 if `reader` ended first.
int open_when_read(const std::string& path, Background& reader) {
  while (!reader.finished()) {
    const int fd = open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) return fd;
    REQUIRE(errno == ENXIO);  // no reader yet
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return -1;
}

TEST_CASE("remote shard: stalled or killed during a batch, fahras-query exits 2 naming it",
          "[robustness][remote]") {
  const int sig = GENERATE(SIGSTOP, SIGKILL);
  INFO("the server gets signal " << sig);
  REQUIRE(e2e::shared_db().ok());
  TempDir tmp;
  const std::string fifo = tmp.file("queries");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  TcpServer server({e2e::shared_db().path});
  Background query(query_tool(),
                   {"--db", server.url(), "--timeout", std::to_string(kTimeout), "--format", "ids",
                    "--batch", fifo},
                   tmp.file("out"), tmp.file("err"));
  const int fd = open_when_read(fifo, query);
  INFO(query.outcome().describe());
  REQUIRE(fd >= 0);  // the tool connected and reads its batch

  server.signal(sig);
  const auto failed_at = Clock::now();
  const std::string batch = "1\tطاجيكستان\n2\tبيروت\n3\t\"الأمم المتحدة\"\n";
  REQUIRE(write(fd, batch.data(), batch.size()) == static_cast<ssize_t>(batch.size()));
  close(fd);
  const Outcome& o = query.wait(60);
  const double took = seconds_since(failed_at);
  INFO(o.describe() << "\ntook " << took << " s");
  REQUIRE_FALSE(o.timed_out);
  REQUIRE(o.exited);
  CHECK(o.code == 2);
  CHECK_THAT(o.err, Contains("127.0.0.1:" + std::to_string(server.port())));
  // Stalled: given up after the timeout (not before), once. Killed: at once.
  if (sig == SIGSTOP) CHECK(took >= 0.9 * kTimeout);
  CHECK(took < kTimeout + 10);
  server.signal(SIGCONT);
}

TEST_CASE("remote shard: --timeout is checked", "[robustness][remote]") {
  for (const char* bad : {"-1", "nan", "100000"}) {
    const RunResult r = run(query_tool(), {"--db", "x", "--timeout", bad, "word"});
    INFO(bad << ": " << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains("--timeout"));
  }
}

}  // namespace
}  // namespace fahras::test::robust
