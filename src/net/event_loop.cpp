#include "net/event_loop.h"

#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>

#include <algorithm>
#include <array>
#include <cerrno>

#include "core/error.h"

namespace sockscope::net {
namespace {

constexpr std::uint64_t pack(int fd, std::uint32_t generation) {
  return (static_cast<std::uint64_t>(generation) << 32) | static_cast<std::uint32_t>(fd);
}

}  // namespace

EventLoop::EventLoop(const Clock& clock)
    : clock_(clock),
      epoll_(::epoll_create1(EPOLL_CLOEXEC)),
      wakeup_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  if (!epoll_ || !wakeup_) throw system_error("cannot create event loop", errno);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = pack(-1, 0);  // fd -1 marks the wakeup descriptor
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, wakeup_.get(), &ev);
}

EventLoop::~EventLoop() = default;

void EventLoop::watch(int fd, std::uint32_t events, IoHandler handler) {
  if (fd < 0) return;
  if (static_cast<std::size_t>(fd) >= slots_.size())
    slots_.resize(static_cast<std::size_t>(fd) * 2 + 16);
  Slot& slot = slots_[static_cast<std::size_t>(fd)];
  bool existed = slot.active;
  if (!existed) ++slot.generation;
  if (slot.handler) retired_.push_back(std::move(slot.handler));  // may be running now
  slot.handler = std::make_unique<IoHandler>(std::move(handler));
  slot.active = true;
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = pack(fd, slot.generation);
  if (::epoll_ctl(epoll_.get(), existed ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev) < 0) {
    int err = errno;
    slot.active = false;
    retired_.push_back(std::move(slot.handler));
    throw system_error("epoll_ctl", err);
  }
  if (!existed) ++watched_;
}

void EventLoop::modify(int fd, std::uint32_t events) {
  if (fd < 0 || static_cast<std::size_t>(fd) >= slots_.size()) return;
  Slot& slot = slots_[static_cast<std::size_t>(fd)];
  if (!slot.active) return;
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = pack(fd, slot.generation);
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, fd, &ev);
}

void EventLoop::unwatch(int fd) {
  if (fd < 0 || static_cast<std::size_t>(fd) >= slots_.size()) return;
  Slot& slot = slots_[static_cast<std::size_t>(fd)];
  if (!slot.active) return;
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
  slot.active = false;
  retired_.push_back(std::move(slot.handler));  // it may be the handler running now
  --watched_;
}

EventLoop::TimerId EventLoop::run_after(Duration delay, Task task) {
  TimerId id = next_timer_++;
  TimePoint when = clock_.now() + delay;
  timers_.emplace(std::make_pair(when, id), std::move(task));
  timer_index_.emplace(id, when);
  return id;
}

void EventLoop::cancel(TimerId id) {
  auto it = timer_index_.find(id);
  if (it == timer_index_.end()) return;
  timers_.erase({it->second, id});
  timer_index_.erase(it);
}

void EventLoop::defer(Task task) {
  deferred_.push_back(std::move(task));
}

void EventLoop::on_signals(std::initializer_list<int> signals, std::function<void(int)> handler) {
  sigset_t mask;
  sigemptyset(&mask);
  for (int s : signals) sigaddset(&mask, s);
  pthread_sigmask(SIG_BLOCK, &mask, nullptr);
  signal_fd_.reset(::signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!signal_fd_) throw system_error("signalfd", errno);
  signal_handler_ = std::move(handler);
  watch(signal_fd_.get(), EPOLLIN, [this](std::uint32_t) {
    signalfd_siginfo info{};
    while (::read(signal_fd_.get(), &info, sizeof(info)) == static_cast<ssize_t>(sizeof(info))) {
      if (signal_handler_) signal_handler_(static_cast<int>(info.ssi_signo));
    }
  });
}

void EventLoop::post(Task task) {
  {
    std::lock_guard lock(posted_mutex_);
    posted_.push_back(std::move(task));
  }
  std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wakeup_.get(), &one, sizeof(one));
}

void EventLoop::stop() {
  stop_.store(true, std::memory_order_release);
  std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wakeup_.get(), &one, sizeof(one));
}

int EventLoop::next_timeout_ms() const {
  if (!deferred_.empty()) return 0;
  if (timers_.empty()) return -1;
  auto left =
      std::chrono::ceil<std::chrono::milliseconds>(timers_.begin()->first.first - clock_.now())
          .count();
  if (left <= 0) return 0;
  return left > 60'000 ? 60'000 : static_cast<int>(left);
}

void EventLoop::run_due_timers() {
  if (timers_.empty()) return;  // no clock read on the busy path of a timerless server
  TimePoint now = clock_.now();
  while (!timers_.empty() && timers_.begin()->first.first <= now) {
    auto node = timers_.extract(timers_.begin());
    timer_index_.erase(node.key().second);
    node.mapped()();
  }
}

void EventLoop::run_deferred() {
  while (!deferred_.empty()) {
    std::vector<Task> batch;
    batch.swap(deferred_);
    for (auto& task : batch) task();
  }
}

void EventLoop::free_retired() {
  // Swapped out first: a handler's captures may unwatch more descriptors as they die.
  while (!retired_.empty()) {
    std::vector<std::unique_ptr<IoHandler>> batch;
    batch.swap(retired_);
  }
}

void EventLoop::poll_round(int timeout_ms) {
  std::array<epoll_event, 256> events{};
  int n = ::epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()), timeout_ms);
  if (n < 0 && errno != EINTR) throw system_error("epoll_wait", errno);
  for (int i = 0; i < n; ++i) {
    auto fd = static_cast<int>(static_cast<std::uint32_t>(events[i].data.u64));
    auto generation = static_cast<std::uint32_t>(events[i].data.u64 >> 32);
    if (fd == -1) {
      std::uint64_t drained = 0;
      [[maybe_unused]] auto r = ::read(wakeup_.get(), &drained, sizeof(drained));
      std::vector<Task> posted;
      {
        std::lock_guard lock(posted_mutex_);
        posted.swap(posted_);
      }
      for (auto& task : posted) deferred_.push_back(std::move(task));
      continue;
    }
    Slot& slot = slots_[static_cast<std::size_t>(fd)];
    if (!slot.active || slot.generation != generation) continue;  // unwatched this round
    // A plain pointer: if the handler unwatches itself, retired_ keeps it alive.
    IoHandler* handler = slot.handler.get();
    (*handler)(events[i].events);
  }
  run_due_timers();
  run_deferred();
  free_retired();
}

void EventLoop::run() {
  while (!stopping()) poll_round(next_timeout_ms());
  run_deferred();
  free_retired();
}

void EventLoop::run_once(Duration max_wait) {
  // Round up so that a wait of 0.3 ms is not a busy spin of zero-millisecond polls.
  auto wait_ms = std::chrono::ceil<std::chrono::milliseconds>(max_wait).count();
  int timeout = next_timeout_ms();
  int cap = wait_ms <= 0 ? 0 : wait_ms > 60'000 ? 60'000 : static_cast<int>(wait_ms);
  poll_round(timeout < 0 ? cap : std::min(timeout, cap));
}

}  // namespace sockscope::net
