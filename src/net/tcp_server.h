// Public. A TCP server on one event loop (muduo's TcpServer, redis's networking.c):
// accepts clients on a listening socket and hands their bytes to a TcpHandler. For
// several threads, run one TcpServer per loop, each on its own SO_REUSEPORT socket.
//
// What it protects against, so that every service built on it gets it:
//   - past max_clients a client is closed before anything is allocated for it;
//   - out of descriptors (EMFILE), a spare descriptor is let go to turn one client
//     away, so the loop does not spin on a full accept queue;
//   - one read of at most 64 KiB per client per round, into a buffer shared by all the
//     clients of the thread: a flooding client cannot starve the others, an idle one
//     costs no buffer;
//   - bounded output per client (ConnectionLimits), idle clients closed by one sweep
//     timer, and state freed at the loop's safe point (EventLoop::defer).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "net/connection.h"
#include "net/event_loop.h"
#include "net/fd.h"
#include "net/tcp_handler.h"

namespace sockscope::net {

struct TcpServerOptions {
  std::size_t max_clients = 100000;  // accept-and-close beyond this
  // Close a client that has sent nothing for this long (unset: clients may idle forever).
  // Checked by one sweep timer, so a client goes within about a quarter more than this.
  std::optional<Duration> idle_timeout;
  ConnectionLimits limits;
  // Set: every client speaks TLS (net/tls_server.h); the handler sees plain bytes.
  std::shared_ptr<const TlsServerContext> tls;
};

class TcpServer {
 public:
  // Takes a listening socket (net::listen_tcp) and serves it on `loop` until destroyed.
  // Connections still open then (or closed but not yet reaped) are closed without
  // on_close.
  TcpServer(EventLoop& loop, UniqueFd listener, TcpServerOptions options, TcpHandler& handler);
  ~TcpServer();
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  std::size_t clients() const { return connections_.size(); }
  EventLoop& loop() { return loop_; }

 private:
  friend class Connection;
  void on_accept();
  void sweep();
  void reap_later(Connection& c, CloseCause cause, std::string_view reason);
  void reap();

  struct Closed {
    Connection* connection;
    CloseCause cause;
    std::string reason;
  };

  EventLoop& loop_;
  UniqueFd listener_;
  UniqueFd spare_;  // released on EMFILE so one pending client can be turned away
  TcpServerOptions options_;
  TcpHandler& handler_;
  std::unordered_map<int, std::unique_ptr<Connection>> connections_;
  // Closed connections waiting for the safe point: a zero-delay timer rather than
  // EventLoop::defer, because a timer can be cancelled when the server goes first.
  std::vector<Closed> closed_;
  EventLoop::TimerId reap_timer_ = 0;
  EventLoop::TimerId sweep_timer_ = 0;
};

}  // namespace sockscope::net
