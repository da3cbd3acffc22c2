#include "scan/probe.h"

namespace sockscope::scan {

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
  Duration left = options.timeout - (clock.now() - start);
  net::ConnectResult conn = net::connect_with_deadline(result.address, left, clock);
  result.open = conn.status == net::ConnectStatus::kConnected;
  if (!result.open) result.reason = net::connect_status_word(conn.status);
  result.elapsed = clock.now() - start;
  return result;
}

}  // namespace sockscope::scan
