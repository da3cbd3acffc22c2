#include "discover/read_reply.h"

#include <algorithm>
#include <array>

namespace sockscope::discover {

Reply read_reply(net::Stream& stream, const ReadRule& rule, const Clock& clock) {
  Reply reply;
  TimePoint start = clock.now();
  TimePoint give_up = start + rule.first_wait + rule.trickle_limit;
  TimePoint deadline = start + rule.first_wait;
  std::array<char, 2048> buffer{};
  while (reply.bytes.size() < rule.max_bytes) {
    std::size_t room = std::min(buffer.size(), rule.max_bytes - reply.bytes.size());
    net::IoResult r = stream.read(std::span<char>(buffer.data(), room), deadline);
    switch (r.outcome) {
      case net::Outcome::kOk:
        reply.bytes.append(buffer.data(), r.bytes);
        deadline = std::min(clock.now() + rule.quiet_gap, give_up);
        continue;
      case net::Outcome::kClosed:
        reply.end = ReadEnd::kClosed;
        return reply;
      case net::Outcome::kTimeout:
        reply.end = reply.bytes.empty()      ? ReadEnd::kSilent
                    : clock.now() >= give_up ? ReadEnd::kTrickle
                                             : ReadEnd::kQuiet;
        return reply;
      case net::Outcome::kInterrupted:
        reply.end = ReadEnd::kInterrupted;
        return reply;
      default:  // reset, TLS failure, any other error
        reply.end = ReadEnd::kError;
        reply.error = r.error;
        return reply;
    }
  }
  reply.end = ReadEnd::kFull;
  return reply;
}

}  // namespace sockscope::discover
