// Public. A fixed set of threads taking jobs from one bounded queue: slow work that must
// not run on an event loop (chat's Argon2id checks) uses up to `threads` cores at once,
// and a flood of submissions costs at most `max_queue` waiting jobs, never another thread
// or unbounded memory. Jobs run in no promised order; each job hands its own result
// back (e.g. with EventLoop::post), so the pool knows nothing of loops or callers.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sockscope {

class WorkerPool {
 public:
  using Job = std::function<void()>;

  // `threads` is raised to 1; `max_queue` counts jobs waiting, not those in hand.
  WorkerPool(std::size_t threads, std::size_t max_queue);
  // Lets the jobs in hand finish and drops the waiting ones (never run, destroyed here).
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False, and `job` dropped, when `max_queue` jobs are already waiting. Thread-safe.
  bool submit(Job job);

  std::size_t threads() const { return threads_.size(); }

  // One thread per core the system reports (hardware_concurrency(), which may say 0:
  // then 1), at most `cap`: more threads than cores only queue inside the kernel, and
  // each one may hold a job's memory at once.
  static std::size_t threads_for_cores(std::size_t cap);

 private:
  void run();

  std::size_t max_queue_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;  // last: started once the rest is ready
};

}  // namespace sockscope
