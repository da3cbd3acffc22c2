#include "scan/probe.h"

#include "net/interrupt.h"
#include "scan/connect_prober.h"
#include "scan/engine.h"

namespace sockscope::scan {
namespace {

// The scan's verdict in the probe lab's words.
std::string lab_reason(const PortResult& r) {
  if (r.state == PortState::kClosed) return "refused";
  if (r.reason == "no-response") return "timeout";
  if (r.reason == "host-unreach" || r.reason == "net-unreach" || r.reason == "admin-prohibited")
    return "unreachable";
  return "error";
}

// One address through the scan engine: the probing core `scan` uses, with the lab's
// single fixed timeout and no retransmission.
std::optional<PortResult> probe_address(const net::Endpoint& address, std::uint16_t port,
                                        Duration timeout, const Clock& clock, bool& interrupted) {
  net::TargetList targets;
  targets.add(address.address_string(), [](std::string_view) { return std::nullopt; });
  TimingOptions timing;
  timing.fixed_timeout = std::max<Duration>(timeout, Duration::zero());
  timing.max_retries = 0;
  timing.concurrency = 1;
  timing.initial_window = 1;
  WorkSpace space;
  space.targets = &targets;
  space.ports = {port};
  std::optional<PortResult> answer;
  EngineEvents events;
  events.on_result = [&](const PortResult& r) { answer = r; };
  events.should_stop = [] { return net::interrupted(); };
  ConnectProber prober(clock);
  Engine engine(prober, timing, clock);
  interrupted = engine.run(space, events).interrupted;
  return answer;
}

}  // namespace

ProbeResult probe_tcp(const ProbeOptions& options, const Clock& clock) {
  ProbeResult result;
  TimePoint start = clock.now();
  TimePoint deadline = start + options.timeout;
  net::Resolution resolution = net::resolve(options.host, options.port, net::Transport::kTcp);
  if (resolution.endpoints.empty()) {
    result.reason = "name_error";
    result.elapsed = clock.now() - start;
    return result;
  }
  // Each address in turn, as Python's create_connection() does (localhost may be ::1
  // first, with the server on 127.0.0.1): the first open one wins, otherwise the last
  // answer is reported. Each address gets its share of the time (net/connector.h).
  const auto& endpoints = resolution.endpoints;
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    result.address = endpoints[i];
    bool interrupted = false;
    std::optional<PortResult> answer = probe_address(
        result.address, options.port, net::attempt_budget(deadline, endpoints.size() - i, clock),
        clock, interrupted);
    if (!answer) {
      result.reason = interrupted ? "interrupted" : "error";
      if (interrupted) break;
      continue;
    }
    result.open = answer->state == PortState::kOpen;
    result.reason = result.open ? "" : lab_reason(*answer);
    if (result.open) break;
  }
  result.elapsed = clock.now() - start;
  return result;
}

}  // namespace sockscope::scan
