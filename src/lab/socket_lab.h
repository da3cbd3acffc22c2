// Public. `sockscope lab`: the socket labs re-enacted on a private network, every
// handout's question answered in the transcript. The steps:
//   1. the private network (what interfaces exist: only lo)
//   2. capture everything on lo into the lab's private directory (lab_capture.h)
//   3. start a TCP and a UDP upper-case server on random ports of one 100-port range
//   4. find the TCP server with `scan` over the range (lab 000's nmap -sS step)
//   5. find it again by probing the range port by port (lab 003's probing script)
//   6. TCP client: a lowercase message, the upper-case reply
//   7. UDP client: the same over UDP
//   8. an HTTP GET with a custom User-Agent to a web server (lab 001; lab_http.h)
//   9. lab 001's banner server and its client (lab 003's banner grab)
//  10. the scan again, saved as JSON and CSV, read back, and the activity log (lab 003)
//  11. one communicator exchange (menu sender, receiver on port 65432, #<<END>>#)
//  12. lab 004's chat: a server with accounts, two clients, a room message, a direct
//      UDP message, a failed login (lab_chat.h)
//  13-15. stop the capture; follow and explain the communicator's TCP stream
//  16-18. from the capture: lab 000's UDP stream followed, lab 002's filter
//         `ip.addr == X && tcp`, the communicator's flow graph with absolute sequence
//         numbers (lab_capture_answers.h)
//  19-20. from the capture: lab 004 4.1, the first chat connection's SYN / SYN-ACK
//         numbers, and 4.2, the UDP header of a direct message (lab_chat.h)
//  21. lab 003's banners of the lab's servers: banners.csv and a report
#pragma once

#include <vector>

#include "lab/steps.h"

namespace sockscope::lab {

std::vector<Step> socket_lab_steps();

// Fills the state's defaults (host 127.0.0.1, a random seed when `seed` is 0), runs the
// steps, and stops every server before returning.
LabResult run_socket_lab(LabState& state, Transcript& transcript);

}  // namespace sockscope::lab
