// Public. The Wireshark questions of the handouts, answered from the lab's own capture
// (state.capture_path, read after the capture stopped):
// - lab 000 Q2: Follow > UDP Stream of the UDP client's exchange;
// - lab 002 task 2: the display filter `ip.addr == 127.0.0.1 && tcp` (TCP between the
//   lab's hosts), and what it leaves out;
// - lab 004 4.1: the flow graph of a TCP connection with absolute sequence numbers, and
//   the SYN's and SYN-ACK's numbers read from it.
// Each step shows the equivalent sockscope command, its output and the answer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lab/steps.h"

namespace sockscope::lab {

// The tcp.stream or udp.stream of the first packet `filter` matches in the capture file
// at `path`, or -1.
std::int64_t first_stream(const std::string& path, const std::string& filter);

std::vector<Step> capture_answer_steps();

// The steps' work, on any capture file (the unit tests use synthetic ones):
// the UDP stream of `udp_port` followed; passes when it holds the UDP client's message and
// its upper-case reply.
bool follow_udp_stream(const std::string& path, std::uint16_t udp_port, Transcript& transcript);
// `ip.addr == HOST && tcp`; passes when it matches exactly the TCP packets, the
// communicator's conversation (port 65432) among them.
bool filter_tcp_between_hosts(const std::string& path, const std::string& host,
                              Transcript& transcript);
// The flow graph of the communicator's connection (port 65432), absolute numbers; passes
// when the SYN-ACK acknowledges the SYN's sequence number + 1.
bool flow_graph_absolute(const std::string& path, Transcript& transcript);
// The same for the first connection to or from `port` (lab 004's chat, port 5000), with
// the handout's three answers named as its notebook names them.
bool flow_graph_absolute(const std::string& path, std::uint16_t port, Transcript& transcript);

}  // namespace sockscope::lab
