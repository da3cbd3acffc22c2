// Public. When is a received message complete? The communicator protocol has no framing,
// so the receiver applies three rules, whichever comes first:
//   1. end of stream: the sender closed or half-closed (our own sender does);
//   2. the limit: kMaxChars characters have arrived (bytes after them are dropped);
//   3. a quiet gap: no byte for `quiet_gap` after the last one (a Python sender that
//      sendall()s and then waits for the receipt without closing).
// The whole message must be complete within `message_timeout` of the connection (one
// deadline for the message, not one per gap: a sender that dribbles a byte every 0.4 s
// cannot hold its slot longer). Nothing by then is "silent"; bytes that never complete a
// message by then are "too slow"; neither is a message.
//
// Pure logic over bytes and an injected clock; the socket loop lives in receiver.cpp.
// Not thread-safe; one assembler per connection.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "message/protocol.h"

namespace sockscope::message {

enum class Completion {
  kIncomplete,   // keep reading
  kEndOfStream,  // the sender closed its side
  kLimit,        // max_chars characters arrived
  kQuietGap,     // bytes arrived, then nothing for quiet_gap
  kSilent,       // nothing at all within message_timeout
  kTooSlow,      // bytes arrived, but the message was not complete within message_timeout
};

const char* completion_word(Completion c);

struct CompletionRule {
  std::size_t max_chars = kMaxChars;
  Duration quiet_gap = kDefaultQuietGap;
  Duration message_timeout = kMessageTimeout;
};

class MessageAssembler {
 public:
  // The clock starts now: the message timeout counts from construction.
  explicit MessageAssembler(CompletionRule rule = {}, const Clock& clock = SteadyClock::instance());

  // Appends received bytes. Bytes beyond the limit are counted in dropped_bytes() and
  // otherwise ignored. Returns status().
  Completion feed(std::string_view bytes);
  // The peer closed (or reset) its side.
  Completion end_of_stream();
  // The state now, taking the clock into account.
  Completion status() const;
  // When status() will change by time alone (quiet gap or message timeout);
  // meaningful while status() is kIncomplete.
  TimePoint deadline() const;

  std::string_view text() const { return buffer_; }
  std::size_t chars() const { return chars_; }
  std::size_t dropped_bytes() const { return dropped_; }
  bool empty() const { return buffer_.empty(); }

 private:
  void count_complete_chars(bool at_end);

  CompletionRule rule_;
  const Clock& clock_;
  TimePoint started_;
  TimePoint last_byte_{};
  std::string buffer_;
  std::size_t counted_bytes_ = 0;  // prefix of buffer_ already counted as characters
  std::size_t chars_ = 0;
  std::size_t dropped_ = 0;
  Completion final_ = Completion::kIncomplete;  // set once by limit or end of stream
};

}  // namespace sockscope::message
