#include "scan/port_result.h"

#include <algorithm>
#include <cstdint>
#include <utility>

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
  std::stable_sort(results.begin(), results.end(), [](const PortResult& a, const PortResult& b) {
    return std::make_pair(a.proto, a.port) < std::make_pair(b.proto, b.port);
  });
}

}  // namespace sockscope::scan
