#include "core/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace sockscope {
namespace {

using namespace std::chrono_literals;

// A gate the jobs wait at: they count themselves in, and the test opens it. Every wait is
// bounded, so a pool that never runs jobs side by side fails the test instead of hanging.
class Gate {
 public:
  void arrive_and_wait() {
    std::unique_lock lock(mutex_);
    ++inside_;
    peak_ = std::max(peak_, inside_);
    changed_.notify_all();
    changed_.wait_for(lock, 10s, [this] { return open_; });
    --inside_;
  }
  // True once `n` jobs are inside at the same time (at most 10 s).
  bool wait_for_inside(int n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 10s, [&] { return inside_ >= n; });
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  int peak() {
    std::lock_guard lock(mutex_);
    return peak_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int inside_ = 0;
  int peak_ = 0;
  bool open_ = false;
};

TEST(WorkerPool, RunsAsManyJobsAtOnceAsItHasThreads) {
  // Each job holds its thread until all four are in: only a pool running them side by
  // side gets there (one thread would sit on the first job until the 10 s bound).
  WorkerPool pool(4, 16);
  ASSERT_EQ(pool.threads(), 4u);
  Gate gate;
  std::atomic<int> done{0};
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(pool.submit([&] {
      gate.arrive_and_wait();
      ++done;
    }));
  }
  EXPECT_TRUE(gate.wait_for_inside(4));
  gate.open();
  for (int i = 0; i < 1000 && done < 8; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(done, 8);
  EXPECT_EQ(gate.peak(), 4);  // never more than its threads
}

TEST(WorkerPool, BoundsTheWaitingJobsNotTheOnesInHand) {
  WorkerPool pool(2, 3);
  Gate gate;
  std::atomic<int> ran{0};
  auto job = [&] {
    gate.arrive_and_wait();
    ++ran;
  };
  ASSERT_TRUE(pool.submit(job));
  ASSERT_TRUE(pool.submit(job));
  ASSERT_TRUE(gate.wait_for_inside(2));  // both threads busy: the queue is empty
  EXPECT_TRUE(pool.submit(job));
  EXPECT_TRUE(pool.submit(job));
  EXPECT_TRUE(pool.submit(job));
  EXPECT_FALSE(pool.submit(job));  // three waiting: a flood gets no further
  EXPECT_FALSE(pool.submit(job));
  gate.open();
  for (int i = 0; i < 1000 && ran < 5; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(ran, 5);
}

TEST(WorkerPool, DestructionFinishesJobsInHandAndDropsTheWaitingOnes) {
  Gate gate;
  std::atomic<int> ran{0};
  auto dropped = std::make_shared<int>(0);
  std::weak_ptr<int> dropped_alive = dropped;
  std::thread opener;
  {
    WorkerPool pool(1, 8);
    ASSERT_TRUE(pool.submit([&] {
      gate.arrive_and_wait();
      ++ran;
    }));
    ASSERT_TRUE(gate.wait_for_inside(1));
    for (int i = 0; i < 3; ++i)
      ASSERT_TRUE(pool.submit([&ran, keep = dropped] {
        (void)keep;
        ++ran;
      }));
    dropped.reset();
    // ~WorkerPool waits for the job in hand, which the opener lets go.
    opener = std::thread([&] {
      std::this_thread::sleep_for(50ms);
      gate.open();
    });
  }
  opener.join();
  EXPECT_EQ(ran, 1);
  EXPECT_TRUE(dropped_alive.expired());  // the waiting jobs were destroyed, not leaked
}

TEST(WorkerPool, ThreadsForCoresIsAtLeastOneAndAtMostTheCap) {
  std::size_t n = WorkerPool::threads_for_cores(8);
  EXPECT_GE(n, 1u);
  EXPECT_LE(n, 8u);
  EXPECT_EQ(WorkerPool::threads_for_cores(1), 1u);
  EXPECT_EQ(WorkerPool::threads_for_cores(0), 1u);
  WorkerPool at_least_one(0, 1);
  EXPECT_EQ(at_least_one.threads(), 1u);
}

}  // namespace
}  // namespace sockscope
