// Public. `sockscope scan` as a library call: targets x ports through one Engine pass
// per scan type (-sT / -sS, then -sU), results grouped into per-host reports for the
// writers. The caller renders; nothing here prints.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "net/port_spec.h"
#include "net/target_list.h"
#include "scan/engine.h"
#include "scan/prober.h"
#include "scan/resume_results.h"
#include "scan/timing.h"
#include "scan/types.h"

namespace sockscope::scan {

struct ScanOptions {
  net::TargetList targets;
  net::TargetList exclude;
  net::PortSet ports;
  std::vector<ScanType> types;  // at most one TCP type, then kUdp
  TimingOptions timing;
  std::uint64_t shard_index = 0;  // 0-based
  std::uint64_t shard_count = 1;
  // Pairs an earlier run finished (--resume): not probed again; their earlier results
  // go to on_earlier_result and into the host reports as the scan passes them.
  const ResumeResults* resume = nullptr;
};

struct ScanEvents {
  std::function<void(const PortResult&)> on_result;          // as each pair is final
  std::function<void(const PortResult&)> on_earlier_result;  // --resume: skipped, known
  std::function<void(const HostReport&)> on_host;            // when a host is final in every pass
  std::function<void(ScanType, const EngineStats&)> on_progress;
  std::function<bool()> should_stop;
};

struct ScanOutcome {
  ScanSummary summary;
  std::uint64_t open = 0;
  std::vector<std::pair<ScanType, EngineStats>> passes;
};

// How `scan` turns a host name into the address it scans, as nmap does: the name's first
// IPv4 address, or with -6 (`family` AF_INET6) its first IPv6 address. A name with no
// address of that family does not resolve (reported in TargetList::unresolved()), even
// when the resolver lists the other family first (Debian's localhost: ::1, 127.0.0.1).
net::Resolver name_resolver(int family);

// Whether raw sockets are available (nmap's rule: -sS by default when they are).
bool have_raw_privilege();

std::unique_ptr<Prober> make_prober(ScanType type, const Clock& clock = SteadyClock::instance());

ScanOutcome run_scan(const ScanOptions& options, const ScanEvents& events,
                     const Clock& clock = SteadyClock::instance());

// The same with the probers of each pass made by `make` (tests script them): every time
// the scan reports, host start and end included, is read from `clock`.
using ProberFactory = std::function<std::unique_ptr<Prober>(ScanType, const Clock&)>;
ScanOutcome run_scan(const ScanOptions& options, const ScanEvents& events, const Clock& clock,
                     const ProberFactory& make);

}  // namespace sockscope::scan
