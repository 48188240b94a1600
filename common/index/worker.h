// The indexer's stages (analysis, each shard's writes, the tables' writes)
// each run as a Worker: a bounded queue feeding its own thread(s). The first
// exception a stage throws stops it and is rethrown to its owner by finish(),
// so that an error in any thread ends the run with a message, never with
// std::terminate; the items still queued or pushed after it are dropped, so
// that no producer waits forever on a stopped stage.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace fahras {

// A bounded first-in first-out queue between threads.
template <typename T>
class BoundedQueue {
 public:
  // A queue that holds at most `capacity` (>= 1) items.
  explicit BoundedQueue(size_t capacity) : capacity_(capacity > 0 ? capacity : 1) {}

  BoundedQueue(const BoundedQueue&) = delete;
  BoundedQueue& operator=(const BoundedQueue&) = delete;

  // Appends `item`, blocking while the queue is full. False (and `item`
  // dropped) once the queue is closed.
  bool push(T&& item) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_full_.wait(lock, [this] { return items_.size() < capacity_ || closed_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  // Moves the oldest item into `item`, blocking until one comes. False once
  // the queue is closed and empty.
  bool pop(T& item) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_empty_.wait(lock, [this] { return !items_.empty() || closed_; });
    if (items_.empty()) return false;
    item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return true;
  }

  // No more items come: pop() returns those queued, then false; push()
  // returns false. Idempotent.
  void close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  // Items waiting now (a snapshot: other threads may change it at once).
  size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return items_.size();
  }

  size_t capacity() const { return capacity_; }

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<T> items_;
  bool closed_ = false;
};

// Threads that take the items of a bounded queue one at a time. The owner
// pushes items, then calls finish(), which rethrows the first exception of
// any thread. Declare a Worker after whatever its functions use: its
// destructor stops and joins the threads.
template <typename T>
class Worker {
 public:
  // Called with each item, in one of the worker's threads.
  using Consume = std::function<void(T& item)>;
  // Called once every item is consumed (the queue closed and empty, no error),
  // in the last thread to end: a final commit, a last hand-over.
  using Drained = std::function<void()>;

  // A worker of `threads` (>= 1) threads over a queue of `capacity` items.
  explicit Worker(size_t capacity, unsigned threads = 1)
      : queue_(capacity), thread_count_(threads > 0 ? threads : 1) {}

  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Closes the queue and waits for the threads; an error not yet rethrown by
  // finish() is dropped.
  ~Worker() { stop(); }

  // Starts the threads, which hand every item pushed to `consume`, then call
  // `drained` (if set). Call once.
  void start(Consume consume, Drained drained = {}) {
    consume_ = std::move(consume);
    drained_ = std::move(drained);
    running_ = thread_count_;
    for (unsigned i = 0; i < thread_count_; ++i) threads_.emplace_back([this] { run(); });
  }

  // Queues `item` for the threads, blocking while the queue is full. False
  // (and `item` dropped) once the worker failed or was closed.
  bool push(T&& item) {
    if (failed_) return false;
    return queue_.push(std::move(item));
  }

  // Whether a thread threw: the worker drops what comes from then on.
  bool failed() const { return failed_; }

  // No more items come; the threads end once those queued are consumed.
  void close() { queue_.close(); }

  // Closes the queue, waits for the threads to consume what it holds and end,
  // and rethrows the first exception any of them threw.
  void finish() {
    stop();
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  void stop() {
    queue_.close();
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
    threads_.clear();
  }

  void run() {
    T item;
    try {
      while (queue_.pop(item)) {
        if (failed_) continue;  // another thread failed: drop the rest
        consume_(item);
      }
      if (--running_ == 0 && !failed_ && drained_) drained_();
      return;
    } catch (...) {
      fail(std::current_exception());
    }
    // Let the producers go on to their end: nothing they push waits.
    while (queue_.pop(item)) {
    }
  }

  void fail(std::exception_ptr error) {
    {
      std::lock_guard<std::mutex> lock(error_mutex_);
      if (!error_) error_ = error;
    }
    failed_ = true;
    queue_.close();  // producers see push() fail instead of waiting
  }

  BoundedQueue<T> queue_;
  const unsigned thread_count_;
  Consume consume_;
  Drained drained_;
  std::atomic<unsigned> running_{0};
  std::atomic<bool> failed_{false};
  std::mutex error_mutex_;
  std::exception_ptr error_;
  std::vector<std::thread> threads_;
};

}  // namespace fahras
