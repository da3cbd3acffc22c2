#include "net/read_until.h"

#include <algorithm>
#include <array>

namespace sockscope::net {
namespace {

// Finds the marker across chunk boundaries while keeping only its last size-1 bytes, so
// a reply that never contains it costs no memory however long it runs.
class MarkerSearch {
 public:
  explicit MarkerSearch(std::string_view marker) : marker_(marker) {}
  bool found_in(std::string_view chunk) {
    if (marker_.empty()) return false;
    tail_.append(chunk);
    if (tail_.find(marker_) != std::string::npos) return true;
    if (tail_.size() >= marker_.size()) tail_.erase(0, tail_.size() - (marker_.size() - 1));
    return false;
  }

 private:
  std::string_view marker_;
  std::string tail_;
};

}  // namespace

ReadResult read_until(Stream& stream, const ReadRule& rule, TimePoint deadline,
                      const ReadSink& sink) {
  ReadResult result;
  MarkerSearch marker(rule.marker);
  std::array<char, 16384> buffer{};
  const Clock& clock = stream.clock();
  if (rule.max_bytes == 0) {
    result.end = ReadEnd::kMaxBytes;
    return result;
  }
  for (;;) {
    // Before the first byte only the deadline counts; after it, the quiet gap too.
    TimePoint until = deadline;
    bool gap_bounds = false;
    if (rule.quiet_gap && result.bytes > 0) {
      TimePoint gap_ends = clock.now() + *rule.quiet_gap;
      if (gap_ends < deadline) {
        until = gap_ends;
        gap_bounds = true;
      }
    }
    std::size_t room = std::min(buffer.size(), rule.max_bytes - result.bytes);
    IoResult got = stream.read(std::span<char>(buffer.data(), room), until);
    if (got.outcome == Outcome::kTimeout && gap_bounds) {
      result.end = ReadEnd::kQuietGap;
      return result;
    }
    if (got.outcome == Outcome::kClosed) {
      result.end = ReadEnd::kClosed;
      return result;
    }
    if (got.outcome != Outcome::kOk) {
      result.end = ReadEnd::kFailed;
      result.failure = got.outcome;
      result.detail = got.error;
      return result;
    }
    std::string_view chunk(buffer.data(), got.bytes);
    result.bytes += chunk.size();
    bool more = true;
    if (sink) {
      more = sink(chunk);
    } else {
      result.data.append(chunk);
    }
    if (marker.found_in(chunk)) {
      result.end = ReadEnd::kMarker;
      return result;
    }
    if (!more) {
      result.end = ReadEnd::kEnough;
      return result;
    }
    if (result.bytes >= rule.max_bytes) {
      result.end = ReadEnd::kMaxBytes;
      return result;
    }
  }
}

}  // namespace sockscope::net
