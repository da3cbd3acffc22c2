// Public. The per-client room message rate limit (docs/chat-protocol.md, "Rate limit"):
// a token bucket of `per_second` messages with `burst` at once. A message over the rate
// is held back and sent when its token comes (delayed, in order), up to `max_held`
// messages and `max_held_bytes` bytes; past that it is dropped, and the first drop of
// each episode (until the held queue has emptied again) asks the caller for a notice.
// Pure logic on an injected clock; the handler owns the timer that calls release().
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <string>

#include "core/clock.h"

namespace sockscope::chat {

struct MessageRateOptions {
  double per_second = 20;  // 0: no limit
  double burst = 50;
  std::size_t max_held = 100;
  std::size_t max_held_bytes = 64 * 1024;
};

class MessageRate {
 public:
  enum class Verdict {
    kSend,     // send it now
    kHeld,     // queued: release() sends it later
    kDropped,  // over every limit: gone
  };

  MessageRate(MessageRateOptions options, const Clock& clock);

  Verdict offer(const std::string& text);
  // True once per drop episode, right after the first kDropped: tell the sender.
  bool take_notice();
  // Sends the held messages whose tokens have come, oldest first.
  void release(const std::function<void(const std::string&)>& send);
  bool holding() const { return !held_.empty(); }
  // How long until the oldest held message may go (zero if now).
  Duration until_release() const;

 private:
  void refill();

  MessageRateOptions options_;
  const Clock& clock_;
  double tokens_;
  TimePoint last_;
  std::deque<std::string> held_;
  std::size_t held_bytes_ = 0;
  bool dropping_ = false;  // an episode of drops is under way
  bool notice_pending_ = false;
};

}  // namespace sockscope::chat
