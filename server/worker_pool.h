// The threads that answer fahras-serve's requests: each has its own Searcher
// (Xapian handles are not shared between threads), and they take their jobs
// from one bounded queue.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/analysis/chain.h"
#include "common/search/searcher.h"

namespace fahras::serve {

class WorkerPool {
 public:
  // A job gets its thread's Searcher through `searcher()`. Each thread opens
  // its databases when it starts; if they could not be opened then,
  // `searcher()` tries again, throwing as Searcher's constructor.
  using SearcherAccess = std::function<Searcher&()>;
  using Job = std::function<void(const SearcherAccess& searcher)>;

  // Starts `threads` threads (at least 1) searching `databases`; at most
  // `queue_limit` jobs wait for a thread.
  WorkerPool(std::vector<std::string> databases, std::shared_ptr<const AnalysisChain> chain,
             unsigned threads, size_t queue_limit);
  // Runs the jobs still queued, then stops the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job`; returns false, queuing nothing, when the queue is full.
  // A job must not throw.
  bool submit(Job job);

 private:
  void work();

  std::vector<std::string> databases_;
  std::shared_ptr<const AnalysisChain> chain_;
  size_t queue_limit_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace fahras::serve
