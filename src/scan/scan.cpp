#include "scan/scan.h"

#include <sys/socket.h>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "net/fd.h"
#include "scan/connect_prober.h"
#include "scan/result_slots.h"
#include "scan/syn_prober.h"
#include "scan/udp_prober.h"

namespace sockscope::scan {
namespace {

// Gathers each host's results until every pass has finished that host. Results go
// straight to their place in port order (ResultSlots); one that has no free place there
// (a pair outside the lists, or given twice) waits aside, and then the host is sorted.
class HostCollector {
 public:
  HostCollector(std::size_t passes, ResultSlots slots, const ScanEvents& events, const Clock& clock)
      : passes_(passes), slots_(std::move(slots)), events_(events), clock_(clock) {}

  // `earlier`: a --resume result, with no round trip of this run.
  void add(const PortResult& r, bool earlier = false) {
    Entry& e = hosts_[r.target_index];
    if (!e.started) {
      e.started = true;
      e.report.target = r.target;
      e.report.results.resize(slots_.size());  // port 0 (never scanned): a free place
      e.report.start = clock_.wall_time();
      e.first = clock_.now();
    }
    if (!earlier && r.reason != "no-response" &&
        (e.report.latency == Duration::zero() || r.rtt < e.report.latency)) {
      e.report.latency = std::max<Duration>(r.rtt, std::chrono::microseconds(1));
    }
    std::size_t at = slots_.slot(r.proto, r.port);
    if (at != ResultSlots::kNone && e.report.results[at].port == 0) {
      e.report.results[at] = r;
    } else {
      e.aside.push_back(r);
    }
  }

  void pass_done(std::uint64_t index) {
    auto it = hosts_.find(index);
    if (it == hosts_.end()) return;
    if (++it->second.passes_done >= passes_) emit(it);
  }

  // At the end (or on Ctrl-C): whatever is left, complete up to this point.
  void flush() {
    while (!hosts_.empty()) emit(hosts_.begin());
  }

  std::uint64_t hosts() const { return emitted_; }

 private:
  struct Entry {
    HostReport report;
    std::vector<PortResult> aside;  // results with no free place in report.results
    bool started = false;
    TimePoint first{};
    std::size_t passes_done = 0;
  };

  void emit(std::map<std::uint64_t, Entry>::iterator it) {
    HostReport& h = it->second.report;
    h.end = clock_.wall_time();
    h.elapsed = clock_.now() - it->second.first;
    std::erase_if(h.results, [](const PortResult& r) { return r.port == 0; });  // not scanned
    if (!it->second.aside.empty()) {
      h.results.insert(h.results.end(), it->second.aside.begin(), it->second.aside.end());
      sort_by_port(h.results);
    }
    ++emitted_;
    if (events_.on_host) events_.on_host(h);
    hosts_.erase(it);
  }

  std::size_t passes_;
  ResultSlots slots_;
  const ScanEvents& events_;
  const Clock& clock_;
  std::map<std::uint64_t, Entry> hosts_;
  std::uint64_t emitted_ = 0;
};

}  // namespace

net::Resolver name_resolver(int family) {
  return [family](std::string_view name) -> std::optional<net::IpAddress> {
    net::Resolution r = net::resolve(name, 0, net::Transport::kTcp);
    for (const net::Endpoint& e : r.endpoints)
      if (e.family() == family) return net::IpAddress::from_endpoint(e);
    return std::nullopt;
  };
}

bool have_raw_privilege() {
  net::UniqueFd fd(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_TCP));
  return fd.valid();
}

std::unique_ptr<Prober> make_prober(ScanType type, const Clock& clock) {
  switch (type) {
    case ScanType::kConnect:
      return std::make_unique<ConnectProber>(clock, 1);
    case ScanType::kSyn:
      return std::make_unique<SynProber>();
    case ScanType::kUdp:
      return std::make_unique<UdpProber>();
  }
  return nullptr;
}

ScanOutcome run_scan(const ScanOptions& options, const ScanEvents& events, const Clock& clock) {
  return run_scan(options, events, clock, make_prober);
}

ScanOutcome run_scan(const ScanOptions& options, const ScanEvents& events, const Clock& clock,
                     const ProberFactory& make) {
  ScanOutcome outcome;
  TimePoint start = clock.now();
  // Slots for every pair of the lists. Not when sharded: a host then gets 1/N of its
  // pairs here, few enough to sort, and the slots would hold N times what it fills.
  bool tcp = false, udp = false;
  if (options.shard_count <= 1) {
    for (ScanType type : options.types) (type == ScanType::kUdp ? udp : tcp) = true;
  }
  HostCollector collector(options.types.size(),
                          ResultSlots(tcp ? options.ports.tcp : std::vector<std::uint16_t>{},
                                      udp ? options.ports.udp : std::vector<std::uint16_t>{}),
                          events, clock);
  // Create every prober first, so a missing privilege fails before any traffic.
  std::vector<std::unique_ptr<Prober>> probers;
  for (ScanType type : options.types) probers.push_back(make(type, clock));

  for (std::size_t i = 0; i < options.types.size(); ++i) {
    ScanType type = options.types[i];
    WorkSpace space;
    space.targets = &options.targets;
    space.exclude = options.exclude.empty() ? nullptr : &options.exclude;
    space.ports = type == ScanType::kUdp ? options.ports.udp : options.ports.tcp;
    space.shard_index = options.shard_index;
    space.shard_count = options.shard_count;
    net::Transport proto = probers[i]->proto();
    if (options.resume) {
      space.already_done = [&, proto](std::uint64_t index, const net::IpAddress& a,
                                      std::uint16_t p) {
        std::optional<PortResult> done = options.resume->find(a, p, proto);
        if (!done) return false;
        PortResult& r = *done;
        r.target_index = index;
        if (r.state == PortState::kOpen) ++outcome.open;
        collector.add(r, true);
        if (events.on_earlier_result) events.on_earlier_result(r);
        return true;
      };
    }
    EngineEvents ev;
    ev.on_result = [&](const PortResult& r) {
      if (r.state == PortState::kOpen) ++outcome.open;
      collector.add(r);
      if (events.on_result) events.on_result(r);
    };
    ev.on_host_done = [&](std::uint64_t index, const net::Target&) { collector.pass_done(index); };
    ev.on_progress = [&, type](const EngineStats& s) {
      if (events.on_progress) events.on_progress(type, s);
    };
    ev.should_stop = events.should_stop;
    Engine engine(*probers[i], options.timing, clock);
    EngineStats stats = engine.run(space, ev);
    outcome.passes.emplace_back(type, stats);
    if (stats.interrupted) {
      outcome.summary.interrupted = true;
      break;
    }
  }
  collector.flush();
  outcome.summary.end = clock.wall_time();
  outcome.summary.elapsed = clock.now() - start;
  outcome.summary.hosts_total = collector.hosts();
  outcome.summary.hosts_up = collector.hosts();
  return outcome;
}

}  // namespace sockscope::scan
