// Public. The lines a lab server prints, in the lab scripts' words, built as strings so
// that `sockscope serve` and the lab's background servers read the same:
//   serverIP: 0.0.0.0 / serverPort: 12000 (UDPServer.py, TCPServer.py)
//   [*] Accepted connection from 192.0.2.1:40000 / [*] Received: text (the threaded server)
// Peer bytes show as UTF-8 text, like the scripts' decode('utf-8'), with control bytes,
// line breaks and malformed bytes escaped (core/text.h printable_utf8), so each event is
// one line and a client cannot drive the terminal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "net/address.h"

namespace sockscope::serve {

std::string listening_lines(const net::Endpoint& local);  // "serverIP: ...\nserverPort: ..."
std::string accepted_line(const net::Endpoint& peer);
// TCP: "[*] Received: text"; UDP (no accepted line names the sender):
// "[*] Received from 192.0.2.1:40000: text". At most kLoggedBytes of the message are
// shown (cut between characters), then "(… K more bytes)": a flooding client costs the
// log a line per read, not its bytes two or three times over.
inline constexpr std::size_t kLoggedBytes = 200;
std::string received_line(const net::Endpoint& peer, std::string_view bytes, bool tcp);
// "[*] Closed connection from 192.0.2.1:40000: its replies are not read (REASON)".
std::string overflow_line(const net::Endpoint& peer, std::string_view reason);
std::string idle_closed_line(const net::Endpoint& peer, Duration silent);

}  // namespace sockscope::serve
