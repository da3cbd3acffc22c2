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

}  // namespace

ProbeResult probe_tcp(const ProbeOptions& options, const Clock& clock) {
  ProbeResult result;
  TimePoint start = clock.now();
  net::Resolution resolution = net::resolve(options.host, options.port, net::Transport::kTcp);
  if (resolution.endpoints.empty()) {
    result.reason = "name_error";
    result.elapsed = clock.now() - start;
    return result;
  }
  // The first address decides, like Python's connect() on the first getaddrinfo answer.
  result.address = resolution.endpoints.front();

  // One pair through the scan engine: the probing core `scan` uses, with the lab's
  // single fixed timeout and no retransmission.
  net::TargetList targets;
  targets.add(result.address.address_string(), [](std::string_view) { return std::nullopt; });
  TimingOptions timing;
  timing.fixed_timeout =
      std::max<Duration>(options.timeout - (clock.now() - start), Duration::zero());
  timing.max_retries = 0;
  timing.concurrency = 1;
  timing.initial_window = 1;
  WorkSpace space;
  space.targets = &targets;
  space.ports = {options.port};
  std::optional<PortResult> answer;
  EngineEvents events;
  events.on_result = [&](const PortResult& r) { answer = r; };
  events.should_stop = [] { return net::interrupted(); };
  ConnectProber prober(clock);
  Engine engine(prober, timing, clock);
  EngineStats stats = engine.run(space, events);

  if (!answer) {
    result.reason = stats.interrupted ? "interrupted" : "error";
  } else {
    result.open = answer->state == PortState::kOpen;
    if (!result.open) result.reason = lab_reason(*answer);
  }
  result.elapsed = clock.now() - start;
  return result;
}

}  // namespace sockscope::scan
