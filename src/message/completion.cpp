#include "message/completion.h"

namespace sockscope::message {
namespace {

// Width of the UTF-8 sequence a lead byte starts; 1 for ASCII and for invalid bytes.
std::size_t sequence_width(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xe) return 3;
  if ((lead >> 3) == 0x1e) return 4;
  return 1;
}

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

}  // namespace

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
    std::size_t width = sequence_width(static_cast<unsigned char>(buffer_[counted_bytes_]));
    std::size_t available = buffer_.size() - counted_bytes_;
    std::size_t valid = 1;
    while (valid < width && valid < available && is_continuation(buffer_[counted_bytes_ + valid])) {
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
  if (clock_.now() < deadline()) return Completion::kIncomplete;
  return buffer_.empty() ? Completion::kSilent : Completion::kQuietGap;
}

TimePoint MessageAssembler::deadline() const {
  return buffer_.empty() ? started_ + rule_.first_byte_timeout : last_byte_ + rule_.quiet_gap;
}

}  // namespace sockscope::message
