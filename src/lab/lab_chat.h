// Public. Lab 004 (the chat lab) in `sockscope lab`: a chat server with accounts and two
// clients on the lab's private network (127.0.0.2 and 127.0.0.3 on lo), a room message,
// a direct message over UDP, and a failed login, all captured; then, from the capture,
// milestone 4.1 (the first chat connection's SYN and SYN-ACK sequence numbers and the
// SYN-ACK's acknowledgement, absolute) and 4.2 (the UDP header of a captured direct
// message, field by field, and the handout's UDP questions).
#pragma once

#include <string>
#include <vector>

#include "lab/steps.h"

namespace sockscope::lab {

inline constexpr std::uint16_t kChatLabPort = 5000;

// The chat exchange (before the capture stops).
Step chat_lab_step();
// The two answers from the capture (after it stopped).
std::vector<Step> chat_capture_steps();

// 4.2 on any capture file: the first UDP datagram to `port` whose payload holds `text`,
// its header fields and the handout's answers. Passes when such a datagram is found and
// its length field is 8 + the payload's length.
bool udp_header_answers(const std::string& path, std::uint16_t port, const std::string& text,
                        Transcript& transcript);

}  // namespace sockscope::lab
