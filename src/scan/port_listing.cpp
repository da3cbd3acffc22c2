#include "scan/port_listing.h"

#include <algorithm>

namespace sockscope::scan {

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
