#include "discover/udp_probe.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "discover/udp_decoders.h"
#include "net/fd.h"
#include "net/wait.h"

namespace sockscope::discover {

UdpProbeResult udp_probe(const UdpProbeOptions& options, const FingerprintDb& db,
                         const Clock& clock) {
  UdpProbeResult result;
  if (options.payload) {
    result.sent = *options.payload;
  } else {
    std::vector<std::string> first = db.probes_first(options.port, net::Transport::kUdp);
    const ProbeDef* probe = first.empty() ? nullptr : db.probe(first.front());
    result.probe = probe != nullptr ? probe->name : "";
    result.sent = probe != nullptr ? probe->payload : std::string(1, '\0');
  }
  net::Resolution r = net::resolve(options.host, options.port, net::Transport::kUdp);
  if (r.endpoints.empty()) {
    result.outcome = UdpOutcome::kNameError;
    result.error = r.error;
    return result;
  }
  result.peer = r.endpoints.front();
  net::UniqueFd fd(::socket(result.peer.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0 || ::connect(fd.get(), result.peer.sockaddr_ptr(), result.peer.length()) != 0 ||
      ::send(fd.get(), result.sent.data(), result.sent.size(), 0) < 0) {
    result.outcome = errno == ECONNREFUSED ? UdpOutcome::kRefused : UdpOutcome::kError;
    result.error = std::strerror(errno);
    return result;
  }
  TimePoint start = clock.now();
  TimePoint deadline = start + options.timeout;
  std::vector<char> buffer(65536);
  for (;;) {
    net::WaitResult w = net::wait_for(fd.get(), POLLIN, deadline, clock);
    if (w.outcome == net::Outcome::kTimeout) {
      result.outcome = UdpOutcome::kNoReply;
      return result;
    }
    if (w.outcome == net::Outcome::kInterrupted) {
      result.outcome = UdpOutcome::kInterrupted;
      return result;
    }
    ssize_t n = ::recv(fd.get(), buffer.data(), buffer.size(), 0);
    if (n >= 0) {
      result.elapsed = clock.now() - start;
      result.reply.assign(buffer.data(), static_cast<std::size_t>(n));
      break;
    }
    if (errno == EAGAIN || errno == EINTR) continue;
    // On a connected UDP socket an ICMP port unreachable comes back as ECONNREFUSED.
    result.outcome = errno == ECONNREFUSED ? UdpOutcome::kRefused : UdpOutcome::kError;
    result.error = std::strerror(errno);
    result.elapsed = clock.now() - start;
    return result;
  }
  result.outcome = UdpOutcome::kReply;
  result.decoded = decode_udp_reply(options.port, result.reply);
  if (!result.probe.empty()) result.match = db.match(result.reply, result.probe);
  return result;
}

}  // namespace sockscope::discover
