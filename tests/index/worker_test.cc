// Tests for common/index/worker.h: the bounded queue and the worker threads
// of the indexer's stages (order, closing, bounded size, errors rethrown).
#include "common/index/worker.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace fahras {
namespace {

using namespace std::chrono_literals;

TEST_CASE("bounded queue: first in, first out, then false once closed and empty",
          "[indexer][worker]") {
  BoundedQueue<int> queue(4);
  CHECK(queue.capacity() == 4);
  for (int i = 1; i <= 3; ++i) REQUIRE(queue.push(int(i)));
  CHECK(queue.size() == 3);
  queue.close();
  CHECK_FALSE(queue.push(9));  // closed: dropped
  int item = 0;
  for (int i = 1; i <= 3; ++i) {
    REQUIRE(queue.pop(item));
    CHECK(item == i);
  }
  CHECK_FALSE(queue.pop(item));
  queue.close();  // again: no harm
  CHECK_FALSE(queue.pop(item));
}

TEST_CASE("bounded queue: a push waits while the queue is full", "[indexer][worker]") {
  BoundedQueue<int> queue(2);
  REQUIRE(queue.push(1));
  REQUIRE(queue.push(2));
  auto third = std::async(std::launch::async, [&queue] { return queue.push(3); });
  CHECK(third.wait_for(100ms) == std::future_status::timeout);
  CHECK(queue.size() == 2);
  int item = 0;
  REQUIRE(queue.pop(item));
  CHECK(item == 1);
  CHECK(third.get());
  CHECK(queue.size() == 2);
}

TEST_CASE("bounded queue: closing lets a waiting push go, its item dropped", "[indexer][worker]") {
  BoundedQueue<int> queue(1);
  REQUIRE(queue.push(1));
  auto second = std::async(std::launch::async, [&queue] { return queue.push(2); });
  CHECK(second.wait_for(50ms) == std::future_status::timeout);
  queue.close();
  CHECK_FALSE(second.get());
  int item = 0;
  REQUIRE(queue.pop(item));
  CHECK(item == 1);
  CHECK_FALSE(queue.pop(item));
}

TEST_CASE("worker: every item consumed in order, then drained once, by finish()",
          "[indexer][worker]") {
  std::vector<int> seen;
  int drained = 0;
  Worker<int> worker(3);
  worker.start([&seen](int& i) { seen.push_back(i); },
               [&] {
                 ++drained;
                 seen.push_back(-1);
               });
  for (int i = 0; i < 100; ++i) REQUIRE(worker.push(int(i)));
  worker.finish();
  REQUIRE(seen.size() == 101);
  for (int i = 0; i < 100; ++i) CHECK(seen[i] == i);
  CHECK(seen.back() == -1);
  CHECK(drained == 1);
  CHECK_FALSE(worker.failed());
  CHECK_FALSE(worker.push(100));  // finished: closed
  worker.finish();                // again: nothing to rethrow
}

TEST_CASE("worker: the queue holds at most its capacity while the thread is busy",
          "[indexer][worker]") {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> consumed{0};
  Worker<int> worker(2);
  worker.start([&](int&) {
    released.wait();
    ++consumed;
  });
  // One item in the thread's hands, two in the queue, the fourth waits.
  auto pushes = std::async(std::launch::async, [&worker] {
    for (int i = 0; i < 4; ++i) worker.push(int(i));
  });
  CHECK(pushes.wait_for(200ms) == std::future_status::timeout);
  CHECK(consumed == 0);
  release.set_value();
  pushes.get();
  worker.finish();
  CHECK(consumed == 4);
}

TEST_CASE("worker: the first exception is rethrown by finish(); no producer waits after it",
          "[indexer][worker]") {
  std::vector<int> seen;
  bool drained = false;
  Worker<int> worker(2);
  worker.start(
      [&seen](int& i) {
        if (i == 3) throw std::runtime_error("disk full at 3");
        seen.push_back(i);
      },
      [&drained] { drained = true; });
  // Far more than the queue holds: after the error, pushes fail at once
  // instead of waiting for a thread that takes no more.
  int accepted = 0;
  for (int i = 0; i < 1000; ++i) accepted += worker.push(int(i)) ? 1 : 0;
  CHECK(accepted < 1000);
  CHECK(worker.failed());
  CHECK_THROWS_WITH(worker.finish(), "disk full at 3");
  CHECK(seen == std::vector<int>{0, 1, 2});
  CHECK_FALSE(drained);            // no final step after an error
  CHECK_NOTHROW(worker.finish());  // rethrown once
}

TEST_CASE("worker: an exception of the final step is rethrown too", "[indexer][worker]") {
  Worker<std::string> worker(1);
  worker.start([](std::string&) {}, [] { throw std::runtime_error("commit failed"); });
  REQUIRE(worker.push("a"));
  CHECK_THROWS_WITH(worker.finish(), "commit failed");
  CHECK(worker.failed());
}

TEST_CASE("worker: several threads share the items; the final step runs once, last",
          "[indexer][worker]") {
  std::mutex mutex;
  std::vector<int> seen;
  std::atomic<int> drained{0};
  size_t seen_when_drained = 0;
  Worker<int> worker(8, 3);
  worker.start(
      [&](int& i) {
        std::lock_guard<std::mutex> lock(mutex);
        seen.push_back(i);
      },
      [&] {
        std::lock_guard<std::mutex> lock(mutex);
        ++drained;
        seen_when_drained = seen.size();
      });
  for (int i = 0; i < 500; ++i) REQUIRE(worker.push(int(i)));
  worker.finish();
  CHECK(seen.size() == 500);
  CHECK(drained == 1);
  CHECK(seen_when_drained == 500);
}

TEST_CASE("worker: an error in one of several threads stops them all", "[indexer][worker]") {
  std::atomic<int> consumed{0};
  bool drained = false;
  Worker<int> worker(4, 2);
  worker.start(
      [&consumed](int& i) {
        if (i == 10) throw std::runtime_error("bad item");
        ++consumed;
      },
      [&drained] { drained = true; });
  for (int i = 0; i < 10'000; ++i) worker.push(int(i));
  CHECK_THROWS_WITH(worker.finish(), "bad item");
  CHECK(consumed < 10'000);
  CHECK_FALSE(drained);
}

TEST_CASE("worker: destroyed without finish(), it ends its threads and throws nothing",
          "[indexer][worker]") {
  std::atomic<int> consumed{0};
  {
    Worker<int> worker(4);
    worker.start([&consumed](int& i) {
      if (i == 2) throw std::runtime_error("dropped with the worker");
      ++consumed;
    });
    for (int i = 0; i < 3; ++i) worker.push(int(i));
  }
  CHECK(consumed == 2);
  {
    Worker<int> never_started(4);
    CHECK(never_started.push(1));
  }
}

}  // namespace
}  // namespace fahras
