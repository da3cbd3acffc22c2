// Public. `sockscope send` as a library call: one message to a server, its reply back.
// TCP: connect, send, half-close, read until the server closes or the deadline.
// UDP: one datagram from a connected socket (so ICMP port-unreachable reads as
// "refused"), then one reply datagram.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "net/address.h"

namespace sockscope::serve {

enum class SendStatus { kReplied, kNoReply, kRefused, kTimeout, kUnreachable, kUnknownHost, kInterrupted, kError };

struct SendOptions {
  net::Transport transport = net::Transport::kTcp;
  std::string host;
  std::uint16_t port = 0;
  std::string message;
  Duration timeout = std::chrono::seconds(5);
  // Reply bytes as they arrive, so large replies stream instead of piling up.
  std::function<void(std::string_view)> on_reply;
};

struct SendResult {
  SendStatus status = SendStatus::kError;
  net::Endpoint peer;            // the address actually used
  std::size_t bytes_received = 0;
  std::string detail;            // human text for errors ("unknown host x", strerror, ...)
};

SendResult send_message(const SendOptions& options);

// One line for people: "connection refused", "timed out after 5 s", ...
std::string describe_failure(const SendResult& result, const SendOptions& options);

}  // namespace sockscope::serve
