#include "scan/output/result_writer.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>

#include "net/services.h"

namespace sockscope::scan {

const char* scan_type_name(ScanType type) {
  switch (type) {
    case ScanType::kConnect:
      return "connect";
    case ScanType::kSyn:
      return "syn";
    case ScanType::kUdp:
      return "udp";
  }
  return "connect";
}

bool scan_type_from_name(std::string_view name, ScanType& out) {
  for (ScanType t : {ScanType::kConnect, ScanType::kSyn, ScanType::kUdp}) {
    if (name == scan_type_name(t)) {
      out = t;
      return true;
    }
  }
  return false;
}

Duration total_elapsed(const ScanInfo& info, const ScanSummary& s) {
  return info.earlier_elapsed.value_or(Duration::zero()) + s.elapsed;
}

std::string this_run_note(const ScanInfo& info, const ScanSummary& s) {
  if (!info.resumed) return "";
  char buf[64];
  std::snprintf(buf, sizeof(buf), " (%.2f s in this run)", to_seconds(s.elapsed));
  return buf;
}

std::string resumed_note(const ScanInfo& info) {
  std::string note = "resumed from " + info.resumed_from + " at " +
                     format_time(info.run_start, "%Y-%m-%d %H:%M UTC");
  if (!info.earlier_elapsed) return note + ", earlier scanning time not recorded";
  char buf[64];
  std::snprintf(buf, sizeof(buf), " after %.2f s of earlier scanning",
                to_seconds(*info.earlier_elapsed));
  return note + buf;
}

bool is_shown_with_open(PortState state) {
  return state == PortState::kOpen || state == PortState::kOpenFiltered;
}

std::string format_time(std::time_t t, const char* format) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof(buf), format, &tm);
  return buf;
}

void split_for_listing(const HostReport& host, bool only_open,
                       std::vector<const PortResult*>& listed, std::vector<PortGroup>& groups) {
  // (proto, state) -> ports; a plain table, as this runs once per result of the host.
  std::size_t counts[2][4] = {};
  auto count = [&](const PortResult& r) -> std::size_t& {
    return counts[static_cast<int>(r.proto) & 1][static_cast<int>(r.state) & 3];
  };
  for (const auto& r : host.results) ++count(r);
  auto collapsed = [&](const PortResult& r) {
    if (r.state == PortState::kOpen) return false;
    if (only_open) return !is_shown_with_open(r.state);
    return count(r) > 25;
  };
  PortGroup by_key[2][4];  // visited in (proto, state) order, as a map would be
  for (const auto& r : host.results) {
    if (!collapsed(r)) {
      listed.push_back(&r);
      continue;
    }
    auto& g = by_key[static_cast<int>(r.proto) & 1][static_cast<int>(r.state) & 3];
    g.state = r.state;
    g.proto = r.proto;
    ++g.count;
    auto it = std::find_if(g.reasons.begin(), g.reasons.end(),
                           [&](const auto& p) { return p.first == r.reason; });
    if (it == g.reasons.end()) {
      g.reasons.emplace_back(r.reason, 1);
      g.reason_ports.emplace_back(r.reason, std::vector<std::uint16_t>{r.port});
    } else {
      ++it->second;
      g.reason_ports[static_cast<std::size_t>(it - g.reasons.begin())].second.push_back(r.port);
    }
  }
  for (auto& row : by_key) {
    for (auto& g : row) {
      if (g.count > 0) groups.push_back(std::move(g));
    }
  }
  std::stable_sort(groups.begin(), groups.end(),
                   [](const PortGroup& a, const PortGroup& b) { return a.count > b.count; });
}

}  // namespace sockscope::scan
