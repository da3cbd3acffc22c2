// Public. What a running server reports; the CLI prints these, tests count them.
// Callbacks run on the event-loop thread that saw the event (one per --threads).
#pragma once

#include <string_view>

#include "core/clock.h"
#include "net/address.h"

namespace sockscope::serve {

class ServerEvents {
 public:
  virtual ~ServerEvents() = default;
  virtual void on_listening(const net::Endpoint& /*local*/) {}
  virtual void on_accepted(const net::Endpoint& /*peer*/) {}
  virtual void on_received(const net::Endpoint& /*peer*/, std::string_view /*bytes*/) {}
  virtual void on_closed(const net::Endpoint& /*peer*/, std::string_view /*reason*/) {}
  virtual void on_refused(const net::Endpoint& /*peer*/, std::string_view /*reason*/) {}
  // A TCP client sent nothing for `silent` (TcpServerOptions::idle_timeout) and is closed.
  virtual void on_idle_closed(const net::Endpoint& /*peer*/, Duration /*silent*/) {}
  // A TCP client's replies stayed unread past ServeOptions::limits and it is closed.
  virtual void on_overflow_closed(const net::Endpoint& /*peer*/, std::string_view /*reason*/) {}
};

}  // namespace sockscope::serve
