// Public. A connected byte stream with deadlines: plain TCP here, TLS in tls_stream.h,
// so a client speaks to either through one interface (and net/read_until.h reads either
// the same way). Every call waits at most until its deadline and returns early on
// SIGINT/SIGTERM (net/interrupt.h).
// Ownership: a Stream does not own the socket descriptor it was made with.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "net/outcome.h"

namespace sockscope::net {

struct IoResult {
  // kOk, kClosed (read: end of stream), kTimeout, kInterrupted, kReset, kTlsFailed, kError
  Outcome outcome = Outcome::kError;
  std::size_t bytes = 0;  // read: bytes placed in the buffer (kOk means > 0)
  std::string error;      // for people: strerror or the TLS library's words
};

class Stream {
 public:
  virtual ~Stream() = default;
  virtual IoResult write_all(std::string_view data, TimePoint deadline) = 0;
  // Some bytes (kOk), the end of the stream (kClosed), or why not.
  virtual IoResult read(std::span<char> buffer, TimePoint deadline) = 0;
  // The clock the deadlines are measured on (net/read_until.h computes quiet gaps on it).
  virtual const Clock& clock() const = 0;
};

// A non-blocking connected TCP socket as a Stream.
class PlainStream final : public Stream {
 public:
  explicit PlainStream(int fd, const Clock& clock = SteadyClock::instance())
      : fd_(fd), clock_(clock) {}
  IoResult write_all(std::string_view data, TimePoint deadline) override;
  IoResult read(std::span<char> buffer, TimePoint deadline) override;
  const Clock& clock() const override { return clock_; }

 private:
  int fd_;
  const Clock& clock_;
};

// An errno as an IoResult: its outcome (net/outcome.h) and strerror text.
IoResult io_failure(int error);

}  // namespace sockscope::net
