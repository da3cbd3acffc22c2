// Public. The one client read: read a Stream (plain TCP or TLS) until a marker has
// arrived, a quiet gap follows the last byte, a byte limit is reached, the consumer has
// enough, or the peer closes, all before one deadline. `send` (reply until close or a
// quiet gap), `message send` (until the "#<<END>>#" receipt), `http` (until the parser
// has the whole response) and a banner grabber (a banner until a marker, a gap or close)
// are this one loop with different rules.
//
// Whole chunks: a stream cannot give bytes back, so bytes that arrived in the same read
// as the marker are delivered too; `max_bytes` is exact (reads never ask for more).
#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "net/outcome.h"
#include "net/stream.h"

namespace sockscope::net {

struct ReadRule {
  std::string marker;                 // stop once these bytes have arrived ("" = no marker)
  std::optional<Duration> quiet_gap;  // stop after this much silence following a byte
  std::size_t max_bytes = std::numeric_limits<std::size_t>::max();  // stop at this many
  // The peer closing always ends the read (ReadEnd::kClosed).
};

// Bytes as they arrive. Return false when you have enough (ReadEnd::kEnough), e.g. a
// parser that has the whole response. Without a sink the bytes collect in ReadResult::data.
using ReadSink = std::function<bool(std::string_view bytes)>;

enum class ReadEnd {
  kMarker,    // rule.marker arrived
  kQuietGap,  // bytes arrived, then nothing for rule.quiet_gap
  kMaxBytes,  // rule.max_bytes arrived
  kEnough,    // the sink said so
  kClosed,    // the peer closed its side (clean end of stream)
  kFailed,    // see ReadResult::failure: kTimeout (the deadline), kInterrupted, kReset, ...
};

struct ReadResult {
  ReadEnd end = ReadEnd::kFailed;
  Outcome failure = Outcome::kOk;  // when kFailed: why (never kOk then)
  std::size_t bytes = 0;           // bytes read in all, whether kept or passed on
  std::string data;                // the bytes, when no sink was given
  std::string detail;              // kFailed: words for people (strerror, TLS error)
};

ReadResult read_until(Stream& stream, const ReadRule& rule, TimePoint deadline,
                      const ReadSink& sink = {});

}  // namespace sockscope::net
