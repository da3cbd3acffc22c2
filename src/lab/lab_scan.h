// Public. The port-scanning labs' steps, done with `sockscope scan` (a SYN scan when raw
// sockets are allowed in the lab's namespace, a connect scan otherwise):
// - "find your friend's server in a 100-port range" (nmap -sS -p 22400-22499, lab 000);
// - "save scan results to JSON and CSV, load them, identify open ports, record what ran
//   in lab4-2_activity.log" (lab 003).
#pragma once

#include "lab/steps.h"

namespace sockscope::lab {

// Scans state.range_first..range_last on state.host, shows nmap-style output in the
// transcript, and passes when exactly the TCP server's port is open (sets found_tcp_port).
bool scan_for_tcp_server(LabState& state, Transcript& transcript);

// Scans the range again with -oJ and --csv into the lab's private directory, reads both
// files back and shows the open ports they hold, and appends the run to the activity
// log; passes when both files list every port and exactly the TCP server's as open.
bool save_scan_outputs(LabState& state, Transcript& transcript);

}  // namespace sockscope::lab
