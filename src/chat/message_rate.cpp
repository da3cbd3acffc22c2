#include "chat/message_rate.h"

#include <algorithm>

namespace sockscope::chat {

MessageRate::MessageRate(MessageRateOptions options, const Clock& clock)
    : options_(options), clock_(clock), tokens_(options.burst), last_(clock.now()) {}

void MessageRate::refill() {
  TimePoint now = clock_.now();
  tokens_ = std::min(options_.burst, tokens_ + to_seconds(now - last_) * options_.per_second);
  last_ = now;
}

MessageRate::Verdict MessageRate::offer(const std::string& text) {
  if (options_.per_second <= 0) return Verdict::kSend;
  refill();
  if (held_.empty() && tokens_ >= 1) {
    tokens_ -= 1;
    return Verdict::kSend;
  }
  if (held_.size() < options_.max_held && held_bytes_ + text.size() <= options_.max_held_bytes) {
    held_.push_back(text);
    held_bytes_ += text.size();
    return Verdict::kHeld;
  }
  if (!dropping_) notice_pending_ = true;
  dropping_ = true;
  return Verdict::kDropped;
}

bool MessageRate::take_notice() {
  bool due = notice_pending_;
  notice_pending_ = false;
  return due;
}

void MessageRate::release(const std::function<void(const std::string&)>& send) {
  refill();
  while (!held_.empty() && tokens_ >= 1) {
    tokens_ -= 1;
    std::string text = std::move(held_.front());
    held_.pop_front();
    held_bytes_ -= text.size();
    send(text);
  }
  if (held_.empty()) dropping_ = false;
}

Duration MessageRate::until_release() const {
  if (held_.empty() || options_.per_second <= 0) return Duration::zero();
  double tokens =
      std::min(options_.burst, tokens_ + to_seconds(clock_.now() - last_) * options_.per_second);
  if (tokens >= 1) return Duration::zero();
  // Rounded up a little, so the timer never wakes just short of the token.
  return seconds_to_duration((1 - tokens) / options_.per_second) + std::chrono::milliseconds(1);
}

}  // namespace sockscope::chat
