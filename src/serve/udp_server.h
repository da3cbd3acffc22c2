// Public. The UDP test server: each datagram answered to its own sender per ReplyMode.
#pragma once

#include "net/event_loop.h"
#include "net/fd.h"
#include "serve/reply_mode.h"
#include "serve/server_events.h"

namespace sockscope::serve {

class UdpServer {
 public:
  UdpServer(net::EventLoop& loop, net::UniqueFd socket, ReplyMode reply, ServerEvents& events);
  ~UdpServer();
  UdpServer(const UdpServer&) = delete;
  UdpServer& operator=(const UdpServer&) = delete;

 private:
  void on_readable();

  net::EventLoop& loop_;
  net::UniqueFd socket_;
  ReplyMode reply_;
  ServerEvents& events_;
};

}  // namespace sockscope::serve
