// Public. What both chat clients (ours and --legacy) open before talking: the server's
// address (of --bind's family when given), the source address, and the UDP socket for
// direct messages, bound to --bind (or any address) and --udp-port.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "net/address.h"
#include "net/fd.h"

namespace sockscope::chat {

struct ClientSockets {
  net::Endpoint to;                   // the server
  std::optional<net::Endpoint> from;  // --bind (port 0)
  net::UniqueFd udp;                  // non-blocking, bound
};

// Throws usage_error naming the bad host, --bind or --udp-port. `share_udp_port` sets
// SO_REUSEADDR: the lab binds the same UDP port number on every client.
ClientSockets open_client_sockets(const std::string& host, std::uint16_t port,
                                  const std::optional<std::string>& bind, std::uint16_t udp_port,
                                  bool share_udp_port);

// The TCP connection to `s.to` from `s.from`, non-blocking, within `timeout`. Empty with
// `failure` set to the line to print when the server cannot be reached; throws
// usage_error when --bind cannot be bound.
net::UniqueFd connect_client(const ClientSockets& s, Duration timeout, std::string& failure);

}  // namespace sockscope::chat
