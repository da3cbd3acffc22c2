#include "serve/line_log.h"

#include <pthread.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <mutex>

namespace sockscope::serve {

struct LineLog::State {
  State(int out_fd, LineLogOptions opts, const Clock& c)
      : fd(out_fd), options(std::move(opts)), clock(c), last_refill(c.now()) {
    tokens = static_cast<double>(options.burst_bytes);
  }

  const int fd;
  const LineLogOptions options;
  const Clock& clock;
  std::mutex mutex;
  std::condition_variable wake;     // the writer: lines queued, or stop
  std::condition_variable written;  // flush() and the destructor: queue written
  std::string queue;                // guarded by mutex
  bool writing = false;             // the writer holds a batch outside the lock
  bool stop = false;
  bool done = false;             // the writer thread has finished
  std::size_t dropped_full = 0;  // lines lost to a full queue since the last notice
  std::size_t dropped_rate = 0;  // lines lost to the rate limit since the last notice
  double tokens;
  TimePoint last_refill;

  void refill() {
    TimePoint now = clock.now();
    double gained = to_seconds(now - last_refill) * static_cast<double>(options.bytes_per_second);
    tokens = std::min(static_cast<double>(options.burst_bytes), tokens + gained);
    last_refill = now;
  }

  void append_notice(std::size_t& dropped, std::string_view why) {
    if (dropped == 0) return;
    queue += options.notice_prefix + "(" + std::to_string(dropped) +
             (dropped == 1 ? " line" : " lines") + " not shown: " + std::string(why) + ")\n";
    dropped = 0;
  }

  void append_notices() {
    append_notice(dropped_full, "the output is not being read");
    if (dropped_rate > 0) {
      append_notice(dropped_rate, "over the log limit of " +
                                      std::to_string(options.bytes_per_second) + " bytes a second");
    }
  }

  void run() {
    std::string batch;
    std::unique_lock lock(mutex);
    for (;;) {
      wake.wait(lock, [this] { return stop || !queue.empty(); });
      if (queue.empty()) break;  // stop, and everything written
      batch.swap(queue);
      writing = true;
      lock.unlock();
      write_out(batch);
      batch.clear();
      lock.lock();
      writing = false;
      written.notify_all();
    }
    done = true;
    written.notify_all();
  }

  // Blocking on purpose: this thread is the only one that waits for the reader.
  void write_out(std::string_view bytes) const {
    while (!bytes.empty()) {
      ssize_t n = ::write(fd, bytes.data(), bytes.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return;  // EPIPE, EBADF: nobody to write to; the lines are lost, not the server
      }
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }
};

LineLog::LineLog(int fd, LineLogOptions options, const Clock& clock)
    : state_(std::make_shared<State>(fd, std::move(options), clock)) {
  // The writer takes no signals (created with all blocked, it keeps that mask): SIGINT
  // and SIGTERM are for the thread that waits for them (EventLoop::on_signals), and
  // their default action on this thread would end the process with 130/143.
  sigset_t all;
  sigset_t previous;
  ::sigfillset(&all);
  ::pthread_sigmask(SIG_BLOCK, &all, &previous);
  // The thread keeps the state alive: it may outlive this object (see the destructor).
  writer_ = std::thread([state = state_] { state->run(); });
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

LineLog::~LineLog() {
  std::unique_lock lock(state_->mutex);
  state_->append_notices();
  state_->stop = true;
  state_->wake.notify_one();
  bool finished = state_->written.wait_for(lock, kDrainLimit, [this] { return state_->done; });
  lock.unlock();
  if (finished) {
    writer_.join();
  } else {
    writer_.detach();  // blocked in write() on a reader that never reads
  }
}

void LineLog::write(std::string_view line) {
  add(line, false);
}

void LineLog::write_limited(std::string_view line) {
  add(line, true);
}

void LineLog::add(std::string_view line, bool limited) {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  std::size_t cost = line.size() + 1;
  if (limited) {
    s.refill();
    if (s.tokens < static_cast<double>(cost)) {
      ++s.dropped_rate;
      return;
    }
    s.tokens -= static_cast<double>(cost);
  }
  if (s.queue.size() + cost > s.options.max_queued) {
    ++s.dropped_full;
    return;
  }
  bool was_empty = s.queue.empty();
  s.append_notices();
  s.queue.append(line);
  s.queue += '\n';
  if (was_empty) s.wake.notify_one();
}

void LineLog::flush() {
  std::unique_lock lock(state_->mutex);
  state_->written.wait(lock, [this] { return state_->queue.empty() && !state_->writing; });
}

}  // namespace sockscope::serve
