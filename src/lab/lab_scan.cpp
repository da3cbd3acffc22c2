#include "lab/lab_scan.h"

#include <sstream>

#include "fmt/format.h"
#include "scan/output/result_writer.h"
#include "scan/scan.h"

namespace sockscope::lab {

bool scan_for_tcp_server(LabState& state, Transcript& t) {
  scan::ScanOptions options;
  std::string host = state.host.address_string();
  options.targets.add(host, [](std::string_view) { return std::nullopt; });
  for (unsigned p = state.range_first; p <= state.range_last; ++p)
    options.ports.tcp.push_back(static_cast<std::uint16_t>(p));
  bool raw = scan::have_raw_privilege();
  options.types = {raw ? scan::ScanType::kSyn : scan::ScanType::kConnect};
  options.timing.max_timeout = std::max<Duration>(state.timeout, options.timing.min_timeout);
  t.line(fmt::format("$ sockscope scan {} {} -p {}-{}      (the handout: nmap {} -sS -p {}-{})",
                     host, raw ? "-sS" : "-sT", state.range_first, state.range_last, host,
                     state.range_first, state.range_last));

  // The scan's own normal output, line by line into the transcript.
  std::ostringstream text;
  auto writer = scan::make_normal_writer(text);
  std::vector<std::uint16_t> open;
  scan::ScanEvents events;
  events.on_result = [&](const scan::PortResult& r) {
    if (r.state == scan::PortState::kOpen) open.push_back(r.port);
  };
  events.on_host = [&](const scan::HostReport& h) { writer->host(h); };
  scan::ScanOutcome outcome = scan::run_scan(options, events);
  writer->end(outcome.summary);
  std::string line;
  std::istringstream lines(text.str());
  while (std::getline(lines, line)) {
    if (!line.empty()) t.line("scan     " + line);
  }
  if (open.size() != 1 || open.front() != state.tcp_server->local().port()) {
    t.failed("expected the scan to find exactly the TCP server's port open");
    return false;
  }
  t.line(
      fmt::format("found the TCP server on port {} (the UDP server in the same range is not TCP)",
                  open.front()));
  state.found_tcp_port = open.front();
  return true;
}

}  // namespace sockscope::lab
