#include "chat/client_sockets.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "net/connector.h"
#include "net/socket_ops.h"

namespace sockscope::chat {

ClientSockets open_client_sockets(const std::string& host, std::uint16_t port,
                                  const std::optional<std::string>& bind, std::uint16_t udp_port,
                                  bool share_udp_port) {
  net::Resolution resolved = net::resolve(host, port, net::Transport::kTcp);
  if (resolved.endpoints.empty()) throw usage_error("bad host " + host + ": " + resolved.error);
  ClientSockets s;
  if (bind) {
    s.from = net::parse_ip_literal(*bind, 0);
    if (!s.from) throw usage_error("bad --bind " + *bind + ": not an IP address");
  }
  s.to = resolved.endpoints.front();
  for (const auto& e : resolved.endpoints) {
    if (!s.from || e.family() == s.from->family()) {
      s.to = e;
      break;
    }
  }
  net::Endpoint udp_at =
      s.from ? *s.from : net::parse_bind_address(s.to.is_ipv6() ? "::" : "0.0.0.0", 0);
  udp_at.set_port(udp_port);
  s.udp = net::UniqueFd(::socket(udp_at.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  int one = 1;
  if (s.udp && share_udp_port)
    ::setsockopt(s.udp.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (!s.udp || ::bind(s.udp.get(), udp_at.sockaddr_ptr(), udp_at.length()) < 0) {
    throw usage_error("bad --udp-port " + std::to_string(udp_port) + ": cannot bind " +
                      udp_at.to_string() + ": " + std::strerror(errno));
  }
  return s;
}

net::UniqueFd connect_client(const ClientSockets& s, Duration timeout, std::string& failure) {
  net::ConnectResult r = net::connect_from(s.to, s.from, timeout);
  if (r.bind_failed) {
    throw usage_error("bad --bind " + s.from->address_string() + ": " + std::strerror(r.error));
  }
  if (r.outcome != net::Outcome::kOk) {
    failure = "sockscope: cannot connect to " + s.to.to_string() + ": " +
              (r.error != 0 ? std::string(std::strerror(r.error))
                            : std::string(net::outcome_word(r.outcome)));
  }
  return std::move(r.fd);
}

}  // namespace sockscope::chat
