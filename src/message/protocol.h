// Public. The communicator lab's wire protocol, in one place: the sender writes the
// message as UTF-8 bytes on a TCP connection to port 65432; the receiver answers with
// the bytes "#<<END>>#" to say it got the message. There is no length prefix and no
// delimiter, so the receiver decides when a message is complete (see completion.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sockscope::message {

inline constexpr std::uint16_t kDefaultPort = 65432;
inline constexpr std::string_view kEndMarker = "#<<END>>#";
inline constexpr std::size_t kMaxChars = 4096;  // characters (UTF-8 code points), not bytes

// The lab's 30 s: how long a sender waits for the connection and for the receipt.
inline constexpr std::chrono::seconds kSendTimeout{30};
// How long a connected sender has to deliver its whole message (the sender's own 30 s).
inline constexpr std::chrono::seconds kMessageTimeout{30};
// A lab-style Python sender never closes before it reads the receipt, so after this
// much silence the bytes received so far are the whole message.
inline constexpr std::chrono::milliseconds kDefaultQuietGap{500};

}  // namespace sockscope::message
