// Public. `sockscope lab`: the socket labs re-enacted on a private network. The steps:
//   1. the private network (what interfaces exist: only lo)
//   2. start a TCP and a UDP upper-case server on random ports of one 100-port range
//   3. find the TCP server with `scan` over the range (the handout's nmap -sS step)
//   4. find it again by probing the range port by port (the probing lab's script)
//   5. TCP client: a lowercase message, the upper-case reply
//   6. UDP client: the same over UDP
//   7. one communicator exchange (menu sender, receiver on port 65432, #<<END>>#)
// Later issues append steps (scan, chat, capture) to socket_lab_steps().
#pragma once

#include <vector>

#include "lab/steps.h"

namespace sockscope::lab {

std::vector<Step> socket_lab_steps();

// Fills the state's defaults (host 127.0.0.1, a random seed when `seed` is 0), runs the
// steps, and stops every server before returning.
LabResult run_socket_lab(LabState& state, Transcript& transcript);

}  // namespace sockscope::lab
