// Public. A small epoll event loop (redis's ae, muduo's EventLoop): descriptors with
// handlers, timers, deferred work and signals, on one thread.
//
// Threading: everything but stop() and post() must be called on the loop's own thread.
// stop() and post() may be called from any thread or from a handler.
// Ownership: the loop owns neither the descriptors it watches nor what handlers capture;
// a connection closes itself through defer() so that no handler runs on freed state
// (redis's freeClientAsync).
#pragma once

#include <sys/epoll.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "net/fd.h"

namespace sockscope::net {

class EventLoop {
 public:
  using IoHandler = std::function<void(std::uint32_t events)>;
  using Task = std::function<void()>;
  using TimerId = std::uint64_t;

  explicit EventLoop(const Clock& clock = SteadyClock::instance());
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Watches `fd` for `events` (EPOLLIN, EPOLLOUT, ...); replaces an earlier handler.
  void watch(int fd, std::uint32_t events, IoHandler handler);
  void modify(int fd, std::uint32_t events);
  // Stops delivering events for `fd`; pending events of this round are dropped too.
  void unwatch(int fd);
  std::size_t watched() const { return watched_; }

  TimerId run_after(Duration delay, Task task);
  void cancel(TimerId id);

  // Runs `task` after the current round of events: the safe point for freeing state.
  void defer(Task task);

  // Thread-safe: runs `task` on the loop's thread in its next round (worker threads
  // hand results back this way). Tasks still queued when the loop is destroyed are dropped.
  void post(Task task);

  // Blocks `signals` for this thread and delivers them to `handler` through signalfd.
  // Call before starting other threads, which then inherit the blocked mask.
  void on_signals(std::initializer_list<int> signals, std::function<void(int)> handler);

  // Runs until stop(). Returns after finishing the round in which stop() was called.
  void run();
  // One round: waits at most `max_wait` (less when a timer is due sooner) for events,
  // dispatches them, runs due timers and deferred work. For callers that own their main
  // loop (the scan engine's phases) instead of handing it to run().
  void run_once(Duration max_wait);
  void stop();
  bool stopping() const { return stop_.load(std::memory_order_acquire); }

  TimePoint now() const { return clock_.now(); }

 private:
  struct Slot {
    // On the heap so that growing slots_ never moves a running handler. A handler that
    // unwatches or replaces itself keeps running on live state: the old one moves to
    // retired_ and is destroyed after the round (no reference count per dispatch).
    std::unique_ptr<IoHandler> handler;
    std::uint32_t generation = 0;
    bool active = false;
  };

  void run_due_timers();
  int next_timeout_ms() const;
  void poll_round(int timeout_ms);
  void run_deferred();
  void free_retired();

  const Clock& clock_;
  UniqueFd epoll_;
  UniqueFd wakeup_;  // eventfd: lets stop() wake a sleeping loop from another thread
  UniqueFd signal_fd_;
  std::function<void(int)> signal_handler_;
  std::vector<Slot> slots_;  // indexed by fd
  std::size_t watched_ = 0;
  std::map<std::pair<TimePoint, TimerId>, Task> timers_;
  std::map<TimerId, TimePoint> timer_index_;
  TimerId next_timer_ = 1;
  std::vector<Task> deferred_;
  std::vector<std::unique_ptr<IoHandler>> retired_;  // unwatched handlers, freed after the round
  std::atomic<bool> stop_{false};
  std::mutex posted_mutex_;
  std::vector<Task> posted_;  // from other threads, guarded by posted_mutex_
};

}  // namespace sockscope::net
