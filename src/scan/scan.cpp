#include "scan/scan.h"

#include <sys/socket.h>

#include <algorithm>
#include <ctime>
#include <map>

#include "net/fd.h"
#include "scan/connect_prober.h"
#include "scan/syn_prober.h"
#include "scan/udp_prober.h"

namespace sockscope::scan {
namespace {

// Gathers each host's results until every pass has finished that host.
class HostCollector {
 public:
  // `pairs_per_host`: how many results a host gets over every pass (its ports per pass,
  // summed). A full-range host's 65,535 results (~10 MB) then fill one block instead of
  // being copied through every doubling of the vector; fewer, if sharded, are only
  // address space.
  HostCollector(std::size_t passes, std::size_t pairs_per_host, const ScanEvents& events)
      : passes_(passes), pairs_per_host_(pairs_per_host), events_(events) {}

  // `earlier`: a --resume result, with no round trip of this run.
  void add(const PortResult& r, bool earlier = false) {
    Entry& e = hosts_[r.target_index];
    if (e.report.results.empty()) {
      e.report.target = r.target;
      e.report.results.reserve(pairs_per_host_);
      e.report.start = std::time(nullptr);
      e.first = SteadyClock::instance().now();
    }
    if (!earlier && r.reason != "no-response" &&
        (e.report.latency == Duration::zero() || r.rtt < e.report.latency)) {
      e.report.latency = std::max<Duration>(r.rtt, std::chrono::microseconds(1));
    }
    e.report.results.push_back(r);
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
    TimePoint first{};
    std::size_t passes_done = 0;
  };

  void emit(std::map<std::uint64_t, Entry>::iterator it) {
    HostReport& h = it->second.report;
    h.end = std::time(nullptr);
    h.elapsed = SteadyClock::instance().now() - it->second.first;
    sort_by_port(h.results);
    ++emitted_;
    if (events_.on_host) events_.on_host(h);
    hosts_.erase(it);
  }

  std::size_t passes_;
  std::size_t pairs_per_host_;
  const ScanEvents& events_;
  std::map<std::uint64_t, Entry> hosts_;
  std::uint64_t emitted_ = 0;
};

}  // namespace

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
  ScanOutcome outcome;
  TimePoint start = clock.now();
  std::size_t pairs_per_host = 0;
  for (ScanType type : options.types)
    pairs_per_host += type == ScanType::kUdp ? options.ports.udp.size() : options.ports.tcp.size();
  HostCollector collector(options.types.size(), pairs_per_host, events);
  // Create every prober first, so a missing privilege fails before any traffic.
  std::vector<std::unique_ptr<Prober>> probers;
  for (ScanType type : options.types) probers.push_back(make_prober(type, clock));

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
      space.already_done = [&, proto](std::uint64_t index, const IpAddress& a, std::uint16_t p) {
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
    ev.on_host_done = [&](std::uint64_t index, const Target&) { collector.pass_done(index); };
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
  outcome.summary.end = std::time(nullptr);
  outcome.summary.elapsed = clock.now() - start;
  outcome.summary.hosts_total = collector.hosts();
  outcome.summary.hosts_up = collector.hosts();
  return outcome;
}

}  // namespace sockscope::scan
