// Public. The port-scanning lab's step "find your friend's server in a 100-port range"
// (nmap -sS -p 22400-22499 in the handout), done with `sockscope scan`: a SYN scan when
// raw sockets are allowed in the lab's namespace, a connect scan otherwise.
#pragma once

#include "lab/steps.h"

namespace sockscope::lab {

// Scans state.range_first..range_last on state.host, shows nmap-style output in the
// transcript, and passes when exactly the TCP server's port is open (sets found_tcp_port).
bool scan_for_tcp_server(LabState& state, Transcript& transcript);

}  // namespace sockscope::lab
