// Public. `sockscope send` as a library call: one message to a server, its reply back.
// TCP: connect, send, half-close, read until the server closes or the deadline. Servers
// that drop a half-closed connection before answering (`ncat -l -c CMD`) get the
// message with the write side left open; the reply then ends at the first quiet gap.
// UDP: one datagram from a connected socket (so ICMP port-unreachable reads as
// "refused"), then one reply datagram.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "net/address.h"
#include "net/outcome.h"

namespace sockscope::serve {

struct SendOptions {
  net::Transport transport = net::Transport::kTcp;
  std::string host;
  std::uint16_t port = 0;
  std::string message;
  Duration timeout = std::chrono::seconds(5);
  // TCP: shutdown(SHUT_WR) after the message, so the server sees where it ends.
  bool half_close = true;
  // TCP: once reply bytes have arrived, this much silence ends the reply (unset: only the
  // server's close or the timeout ends it).
  std::optional<Duration> quiet_gap;
  // Reply bytes as they arrive, so large replies stream instead of piling up.
  std::function<void(std::string_view)> on_reply;
};

struct SendResult {
  // kOk: reply bytes arrived (the reply counts even when the deadline or an error ended
  // it); kClosed: the server closed without answering; else why nothing came back.
  net::Outcome outcome = net::Outcome::kError;
  net::Endpoint peer;  // the address actually used
  std::size_t bytes_received = 0;
  std::string detail;  // human text for errors ("unknown host x", strerror, ...)
};

SendResult send_message(const SendOptions& options, const Clock& clock = SteadyClock::instance());

// The most one UDP datagram can carry over IPv4 (65535 - 20 - 8); longer messages are
// refused before anything is sent.
inline constexpr std::size_t kMaxUdpPayload = 65507;

// One line for people: "connection refused", "timed out after 5 s", ...
std::string describe_failure(const SendResult& result, const SendOptions& options);

}  // namespace sockscope::serve
