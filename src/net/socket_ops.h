// Public. Creating listening and datagram sockets the way every server here needs them.
#pragma once

#include <optional>

#include "net/address.h"
#include "net/fd.h"

namespace sockscope::net {

struct ListenOptions {
  bool reuse_port = false;  // SO_REUSEPORT: one listener per event-loop thread
  // With reuse_port, the first socket still refuses a port that another socket holds
  // (kNetworkNo, "in use"); the others of the same server set this to join it.
  bool joins_own_group = false;
  int backlog = 4096;
};

// Non-blocking listening TCP socket bound to `at`; "::" is dual-stack. Throws an Error
// naming the address: kNetworkNo when in use, kPrivilege for ports < 1024 without root.
UniqueFd listen_tcp(const Endpoint& at, const ListenOptions& options = {});

// Non-blocking UDP socket bound to `at`.
UniqueFd bind_udp(const Endpoint& at, const ListenOptions& options = {});

// The address a socket is bound to (to print the real port after binding port 0).
Endpoint local_endpoint(int fd);

// The source address the routing table picks for traffic to `to` (port 0), learnt by
// connecting a UDP socket, which sends nothing; nullopt when there is no route.
std::optional<Endpoint> route_source(const Endpoint& to);

// Raises RLIMIT_NOFILE's soft limit to the hard limit; returns the new soft limit.
long raise_fd_limit();

// Asks for a receive buffer of `bytes`: past net.core.rmem_max when privileged
// (SO_RCVBUFFORCE), else as much as SO_RCVBUF allows. For sockets that take bursts of
// answers (scan replies, ICMP errors) which must not be dropped.
void set_receive_buffer(int fd, int bytes);

}  // namespace sockscope::net
