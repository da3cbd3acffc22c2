// Public. Cuts a TCP byte stream into lines for text protocols (chat, banners): bytes
// arrive in any pieces, a line is what ends in '\n' (a '\r' before it is dropped too),
// and no line may grow past `max_line` bytes, so a peer that never sends a newline
// cannot make us buffer without end.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace sockscope::net {

class LineFramer {
 public:
  enum class Status {
    kOk,       // every complete line was delivered; a partial one is kept for later
    kTooLong,  // a line passed max_line: the framer stops (reset() to start over)
  };
  using LineHandler = std::function<void(std::string_view line)>;

  explicit LineFramer(std::size_t max_line) : max_line_(max_line) {}

  // Delivers each line completed by `bytes`, without its "\n" or "\r\n". The view is
  // valid during the call only. Once kTooLong, later calls deliver nothing.
  Status feed(std::string_view bytes, const LineHandler& on_line);

  // Bytes of the unfinished line held so far.
  std::size_t pending() const { return partial_.size(); }
  void reset();

 private:
  std::size_t max_line_;
  std::string partial_;
  bool failed_ = false;
};

}  // namespace sockscope::net
