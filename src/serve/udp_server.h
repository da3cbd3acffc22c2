// Public. The UDP test server: each datagram answered to its own sender per ReplyMode.
// A reply is at most kUdpReplyGrowth times the datagram it answers (the rest is cut),
// unless `full_replies`: a spoofed 0-byte datagram must not draw an 8,000-byte banner
// at its victim (a reflection amplifier). Upper-casing never needs more (unicode_upper.h).
#pragma once

#include <cstddef>
#include <string>

#include "net/event_loop.h"
#include "net/fd.h"
#include "serve/reply_mode.h"
#include "serve/server_events.h"
#include "serve/unicode_upper.h"

namespace sockscope::serve {

inline constexpr std::size_t kUdpReplyGrowth = kUpperMaxGrowth;

// The part of `reply` that may answer a datagram of `request_size` bytes.
std::string_view capped_udp_reply(std::string_view reply, std::size_t request_size);

class UdpServer {
 public:
  UdpServer(net::EventLoop& loop, net::UniqueFd socket, ReplyMode reply, bool full_replies,
            ServerEvents& events);
  ~UdpServer();
  UdpServer(const UdpServer&) = delete;
  UdpServer& operator=(const UdpServer&) = delete;

 private:
  void on_readable();

  net::EventLoop& loop_;
  net::UniqueFd socket_;
  ReplyMode reply_;
  bool full_replies_;
  ServerEvents& events_;
  std::string scratch_;  // non-ASCII upper-casing (reply_in_place)
};

}  // namespace sockscope::serve
