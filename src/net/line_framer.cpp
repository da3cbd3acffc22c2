#include "net/line_framer.h"

namespace sockscope::net {
namespace {

std::string_view without_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

LineFramer::Status LineFramer::feed(std::string_view bytes, const LineHandler& on_line) {
  if (failed_) return Status::kTooLong;
  while (!bytes.empty()) {
    std::size_t nl = bytes.find('\n');
    std::string_view piece = bytes.substr(0, nl);  // the whole rest when no newline
    // At most max_line bytes of content; the '\r' of a "\r\n" ending is not content, and
    // while the '\n' has not come yet a last '\r' may still turn out to be one.
    std::size_t held = partial_.size() + piece.size();
    char last = !piece.empty() ? piece.back() : (partial_.empty() ? '\0' : partial_.back());
    if (held > max_line_ + (last == '\r' ? 1 : 0)) {
      failed_ = true;
      partial_.clear();
      return Status::kTooLong;
    }
    if (nl == std::string_view::npos) {
      partial_.append(piece);
      return Status::kOk;
    }
    if (partial_.empty()) {
      on_line(without_cr(piece));  // the common case: a whole line in one read, no copy
    } else {
      partial_.append(piece);
      on_line(without_cr(partial_));
      partial_.clear();
    }
    bytes.remove_prefix(nl + 1);
  }
  return Status::kOk;
}

void LineFramer::reset() {
  partial_.clear();
  failed_ = false;
}

}  // namespace sockscope::net
