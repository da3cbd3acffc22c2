#include "scan/port_result.h"

#include <algorithm>
#include <cstdint>

namespace sockscope::scan {

const char* state_name(PortState state) {
  switch (state) {
    case PortState::kOpen:
      return "open";
    case PortState::kClosed:
      return "closed";
    case PortState::kFiltered:
      return "filtered";
    case PortState::kOpenFiltered:
      return "open|filtered";
  }
  return "filtered";
}

bool parse_state_name(std::string_view text, PortState& out) {
  for (PortState s :
       {PortState::kOpen, PortState::kClosed, PortState::kFiltered, PortState::kOpenFiltered}) {
    if (text == state_name(s)) {
      out = s;
      return true;
    }
  }
  return false;
}

const char* proto_name(net::Transport proto) {
  return proto == net::Transport::kTcp ? "tcp" : "udp";
}

void sort_by_port(std::vector<PortResult>& results) {
  auto key = [](const PortResult& r) {
    return (static_cast<std::uint64_t>(r.proto) << 16) | r.port;
  };
  auto in_order = [&](const PortResult& a, const PortResult& b) { return key(a) < key(b); };
  if (std::is_sorted(results.begin(), results.end(), in_order)) return;
  std::vector<std::uint64_t> order(results.size());
  for (std::size_t i = 0; i < results.size(); ++i) order[i] = (key(results[i]) << 32) | i;
  std::sort(order.begin(), order.end());
  // Position i takes the result now at order[i]'s index; follow each cycle once.
  std::vector<bool> placed(results.size());
  for (std::size_t start = 0; start < results.size(); ++start) {
    if (placed[start]) continue;
    PortResult held = std::move(results[start]);
    std::size_t at = start;
    while (true) {
      placed[at] = true;
      std::size_t from = order[at] & 0xffffffffu;
      if (from == start) break;
      results[at] = std::move(results[from]);
      at = from;
    }
    results[at] = std::move(held);
  }
}

}  // namespace sockscope::scan
