// Public. Lines written to a descriptor (the CLI's stdout) by a thread of their own, so
// that a reader who stops reading (a pipe nobody drains, a terminal on hold) never
// blocks the event loops that log: they only append to a bounded queue.
//   - Past `max_queued` bytes waiting, lines are dropped and counted; once there is room
//     again one line says how many: "[*] (N lines not shown: the output is not read)".
//   - write_limited() lines also pass a token bucket of `bytes_per_second` (burst
//     `burst_bytes`); what it drops is counted and reported the same way.
// Thread-safety: write() and write_limited() may be called from any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "core/clock.h"

namespace sockscope::serve {

struct LineLogOptions {
  std::size_t max_queued = 1024 * 1024;
  std::size_t bytes_per_second = 64 * 1024;
  std::size_t burst_bytes = 256 * 1024;
  std::string notice_prefix = "[*] ";  // starts the "(N lines not shown: ...)" notices
};

class LineLog {
 public:
  LineLog(int fd, LineLogOptions options, const Clock& clock = SteadyClock::instance());
  // Writes what is still queued, waiting at most `kDrainLimit` for a slow reader; a
  // writer still blocked then is left to end with the process.
  ~LineLog();
  LineLog(const LineLog&) = delete;
  LineLog& operator=(const LineLog&) = delete;

  static constexpr Duration kDrainLimit = std::chrono::seconds(1);

  void write(std::string_view line);          // '\n' is added
  void write_limited(std::string_view line);  // also subject to the rate limit

  // Blocks until everything accepted so far was written (for tests).
  void flush();

 private:
  struct State;
  void add(std::string_view line, bool limited);

  std::shared_ptr<State> state_;
  std::thread writer_;
};

}  // namespace sockscope::serve
