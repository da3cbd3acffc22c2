// Public. The one read loop of discovery: after a probe, read what the service says until
// it closes, goes quiet, fills the buffer, or says nothing in time. Kept to one small
// function so it can be swapped for net::read_until once that exists.
#pragma once

#include <cstddef>
#include <string>

#include "core/clock.h"
#include "net/stream.h"

namespace sockscope::discover {

struct ReadRule {
  Duration first_wait;     // nothing by then: the service is silent
  Duration quiet_gap;      // after some data, this long without more ends the reply
  Duration trickle_limit;  // a reply still trickling in after this long is cut there
  std::size_t max_bytes = 4096;
};

enum class ReadEnd { kClosed, kQuiet, kFull, kSilent, kTrickle, kInterrupted, kError };

struct Reply {
  std::string bytes;
  ReadEnd end = ReadEnd::kSilent;
  std::string error;  // kError: why
};

Reply read_reply(net::Stream& stream, const ReadRule& rule,
                 const Clock& clock = SteadyClock::instance());

}  // namespace sockscope::discover
