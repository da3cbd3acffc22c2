// Public. The communicator's words, shared by the menu, `sockscope message` and the lab
// so that all three read the same: the lab handout's lines, built as strings (callers
// decide where they go).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "message/receiver.h"
#include "message/sender.h"

namespace sockscope::message {

std::string waiting_line(std::uint16_t port);           // "Waiting for message on port 65432"
std::string connected_line(const net::Endpoint& peer);  // "Connected by (192.0.2.1)"

// The menu's line after a send, as in the handout: "Message sent successfully.", or
// "Message sending error. Message not sent. (After timeout of 30 seconds.)" with the
// reason in brackets ("(connection refused)", ...).
std::string report_line(const SendReport& report, Duration timeout);

// The lines that show one sender, printed together when it is done (senders are read
// concurrently): "Connected by (IP)", then "Message:", the text, "End of message." (plus
// a note when bytes beyond the limit were dropped), or one line saying why there was no
// message. A message whose receipt could not be sent is not shown.
std::vector<std::string> received_lines(const Received& received);

// Message text made safe for a terminal: valid UTF-8, newlines and tabs pass; other
// control bytes and invalid bytes become \xNN, so a peer cannot drive the terminal.
std::string printable_text(std::string_view text);

}  // namespace sockscope::message
