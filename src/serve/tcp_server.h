// Public. The TCP test server: one event loop, any number of clients, reply per
// ReplyMode. A client that resets, floods or idles only affects itself: reads are
// bounded per round, writes back-pressure that client alone, and state is freed at the
// loop's safe point.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <unordered_map>

#include "core/clock.h"
#include "net/event_loop.h"
#include "net/fd.h"
#include "serve/reply_mode.h"
#include "serve/server_events.h"

namespace sockscope::serve {

struct TcpServerOptions {
  ReplyMode reply = ReplyUpper{};
  std::size_t max_clients = 100000;          // accept-and-close beyond this
  std::size_t max_pending_output = 4 << 20;  // per client; reading pauses above it
  // Close a client that has sent nothing for this long (unset: clients may idle forever).
  // Checked by one sweep timer, so a client goes within about a quarter more than this.
  std::optional<Duration> idle_timeout;
};

class TcpServer {
 public:
  // Takes a listening socket (net::listen_tcp) and serves it on `loop`.
  TcpServer(net::EventLoop& loop, net::UniqueFd listener, TcpServerOptions options,
            ServerEvents& events);
  ~TcpServer();
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  std::size_t clients() const { return connections_.size(); }

 private:
  struct Connection;
  void on_accept();
  void on_io(Connection& c, std::uint32_t events);
  void handle_readable(Connection& c);
  void flush(Connection& c);
  void update_interest(Connection& c);
  void close(Connection& c, std::string_view reason);
  void sweep_idle();

  net::EventLoop& loop_;
  net::UniqueFd listener_;
  net::UniqueFd spare_;  // released on EMFILE so one pending client can be turned away
  TcpServerOptions options_;
  bool banner_;  // ReplyText: one reply, then half-close
  ServerEvents& events_;
  std::unordered_map<int, std::unique_ptr<Connection>> connections_;
  net::EventLoop::TimerId sweep_timer_ = 0;
};

}  // namespace sockscope::serve
