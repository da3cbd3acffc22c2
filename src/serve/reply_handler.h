// Public. `serve` over TCP as a net::TcpHandler: each read is reported (ServerEvents)
// and answered per ReplyMode; a banner, and an upper-case answer unless `loop`, goes
// out once, then the connection is half-closed (closes_after_reply).
// One handler per loop thread: it keeps a scratch buffer for answers made off the
// read buffer (non-ASCII upper-casing).
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "net/connection.h"
#include "net/tcp_handler.h"
#include "serve/reply_mode.h"
#include "serve/server_events.h"

namespace sockscope::serve {

class ReplyHandler final : public net::TcpHandler {
 public:
  // `idle_timeout` is the server's (net::TcpServerOptions), for the idle event's text.
  ReplyHandler(ReplyMode reply, bool loop, std::optional<Duration> idle_timeout,
               ServerEvents& events);

  void on_open(net::Connection& c) override;
  void on_data(net::Connection& c, std::span<char> bytes) override;
  void on_close(net::Connection& c, net::CloseCause cause, std::string_view reason) override;
  void on_refused(const net::Endpoint& peer, std::string_view reason) override;

 private:
  ReplyMode reply_;
  bool once_;
  std::optional<Duration> idle_timeout_;
  ServerEvents& events_;
  std::string scratch_;
};

}  // namespace sockscope::serve
