// Public. What a TCP service built on net::TcpServer implements: the server owns the
// sockets and the loop, the handler decides what bytes mean and what to answer.
// Every callback runs on the loop thread of the connection's TcpServer; with several
// servers (one per thread, SO_REUSEPORT) a shared handler must be thread-safe.
#pragma once

#include <span>
#include <string_view>

#include "net/address.h"

namespace sockscope::net {

class Connection;

// Why a connection ended, for a handler that reports or counts it.
enum class CloseCause {
  kPeer,      // the peer closed (EOF after its last bytes, or it half-closed and we finished)
  kError,     // a read or write failed (reset, timeout in the kernel)
  kIdle,      // nothing heard for TcpServerOptions::idle_timeout
  kOverflow,  // the output queue overflowed (ConnectionLimits); on_overflow ran first
  kHandler,   // the handler called Connection::close()
};

class TcpHandler {
 public:
  virtual ~TcpHandler() = default;

  // A client was accepted; `c` (and a pointer to it the handler keeps) is valid until
  // on_close returns.
  virtual void on_open(Connection& /*c*/) {}

  // Bytes from the peer. `bytes` is the loop's shared read buffer: the handler may
  // change them in place (to answer without a copy) but must not keep the span.
  virtual void on_data(Connection& c, std::span<char> bytes) = 0;

  // Runs at the loop's safe point after the connection was closed (after the round's
  // events): the descriptor is no longer watched and send() does nothing, so closing
  // never changes a handler's tables while another callback is iterating them.
  virtual void on_close(Connection& /*c*/, CloseCause /*cause*/, std::string_view /*reason*/) {}

  // The output queue went past its limit (or stayed full past its time); the server
  // closes the connection right after this returns (cause kOverflow).
  virtual void on_overflow(Connection& /*c*/) {}

  // A client was turned away before anything was allocated for it ("too many
  // clients", "out of file descriptors"; the peer is unknown in the second case).
  virtual void on_refused(const Endpoint& /*peer*/, std::string_view /*reason*/) {}
};

}  // namespace sockscope::net
