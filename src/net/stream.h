// Public. A connected byte stream with deadlines: plain TCP here, TLS in tls_stream.h,
// so a client (http/) speaks to either through one interface. Every call waits at most
// until its deadline and returns early on SIGINT/SIGTERM (net/interrupt.h).
// Ownership: a Stream does not own the socket descriptor it was made with.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace sockscope::net {

enum class IoStatus { kOk, kClosed, kTimeout, kInterrupted, kError };

struct IoResult {
  IoStatus status = IoStatus::kError;
  std::size_t bytes = 0;  // read: bytes placed in the buffer (kOk means > 0)
  std::string error;      // kError: strerror or the TLS library's words
};

class Stream {
 public:
  virtual ~Stream() = default;
  virtual IoResult write_all(std::string_view data, TimePoint deadline) = 0;
  // Some bytes (kOk), the end of the stream (kClosed), or why not.
  virtual IoResult read(std::span<char> buffer, TimePoint deadline) = 0;
};

// A non-blocking connected TCP socket as a Stream.
class PlainStream final : public Stream {
 public:
  explicit PlainStream(int fd) : fd_(fd) {}
  IoResult write_all(std::string_view data, TimePoint deadline) override;
  IoResult read(std::span<char> buffer, TimePoint deadline) override;

 private:
  int fd_;
};

}  // namespace sockscope::net
