#include "scan/port_result.h"

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

}  // namespace sockscope::scan
