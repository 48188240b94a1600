#include "server/worker_pool.h"

#include <algorithm>
#include <utility>

namespace fahras::serve {

WorkerPool::WorkerPool(std::vector<std::string> databases,
                       std::shared_ptr<const AnalysisChain> chain, unsigned threads,
                       size_t queue_limit)
    : databases_(std::move(databases)), chain_(std::move(chain)), queue_limit_(queue_limit) {
  for (unsigned i = 0; i < std::max(threads, 1u); ++i) threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& t : threads_) t.join();
}

bool WorkerPool::submit(Job job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (jobs_.size() >= queue_limit_) return false;
    jobs_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

void WorkerPool::work() {
  std::unique_ptr<Searcher> searcher;  // this thread's own, opened on first use
  const SearcherAccess access = [&]() -> Searcher& {
    if (!searcher) searcher = std::make_unique<Searcher>(databases_, chain_);
    return *searcher;
  };
  try {
    access();  // open now, not on the first request
  } catch (const std::exception&) {
    // Unavailable for now: each job tries again, and reports why.
  }
  while (true) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and nothing left to do
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job(access);
  }
}

}  // namespace fahras::serve
