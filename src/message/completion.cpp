#include "message/completion.h"

#include <algorithm>

#include "core/text.h"

namespace sockscope::message {

const char* completion_word(Completion c) {
  switch (c) {
    case Completion::kIncomplete:
      return "incomplete";
    case Completion::kEndOfStream:
      return "end of stream";
    case Completion::kLimit:
      return "character limit";
    case Completion::kQuietGap:
      return "quiet gap";
    case Completion::kSilent:
      return "silent sender";
    case Completion::kTooSlow:
      return "too slow";
  }
  return "incomplete";
}

MessageAssembler::MessageAssembler(CompletionRule rule, const Clock& clock)
    : rule_(rule), clock_(clock), started_(clock.now()) {
  buffer_.reserve(1024);
}

// Counts characters the way utf8_length() does (an invalid byte is one character), but
// leaves a valid sequence that is only cut short by the end of the data uncounted until
// more bytes arrive, unless `at_end`. Stops at the limit and drops what follows.
void MessageAssembler::count_complete_chars(bool at_end) {
  while (counted_bytes_ < buffer_.size() && chars_ < rule_.max_chars) {
    // An invalid lead byte counts as one character, as in utf8_length().
    std::size_t width = std::max<std::size_t>(
        1, utf8_lead_width(static_cast<unsigned char>(buffer_[counted_bytes_])));
    std::size_t available = buffer_.size() - counted_bytes_;
    std::size_t valid = 1;
    while (valid < width && valid < available &&
           utf8_is_continuation(buffer_[counted_bytes_ + valid])) {
      ++valid;
    }
    if (valid < width && valid == available && !at_end) break;  // wait for the rest
    counted_bytes_ += valid == width ? width : 1;
    ++chars_;
  }
  if (chars_ >= rule_.max_chars) {
    dropped_ += buffer_.size() - counted_bytes_;
    buffer_.resize(counted_bytes_);
    final_ = Completion::kLimit;
  }
}

Completion MessageAssembler::feed(std::string_view bytes) {
  if (final_ != Completion::kIncomplete) {
    dropped_ += bytes.size();
    return final_;
  }
  if (bytes.empty()) return status();
  last_byte_ = clock_.now();
  buffer_.append(bytes);
  count_complete_chars(false);
  return status();
}

Completion MessageAssembler::end_of_stream() {
  if (final_ == Completion::kIncomplete) {
    count_complete_chars(true);
    if (final_ == Completion::kIncomplete) final_ = Completion::kEndOfStream;
  }
  return final_;
}

Completion MessageAssembler::status() const {
  if (final_ != Completion::kIncomplete) return final_;
  TimePoint now = clock_.now();
  TimePoint whole = started_ + rule_.message_timeout;
  // A gap that ended before the message timeout completed the message, even when we
  // look only later.
  if (!buffer_.empty() && last_byte_ + rule_.quiet_gap <= std::min(now, whole)) {
    return Completion::kQuietGap;
  }
  if (now >= whole) return buffer_.empty() ? Completion::kSilent : Completion::kTooSlow;
  return Completion::kIncomplete;
}

TimePoint MessageAssembler::deadline() const {
  TimePoint whole = started_ + rule_.message_timeout;
  return buffer_.empty() ? whole : std::min(whole, last_byte_ + rule_.quiet_gap);
}

}  // namespace sockscope::message
