#include "scan/icmp_verdict.h"

#include <linux/icmp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "net/socket_ops.h"
#include "scan/packet.h"

namespace sockscope::scan {
namespace {

IcmpVerdict port_unreachable(net::Transport proto, bool from_target) {
  bool closed = proto == net::Transport::kUdp && from_target;
  return {closed ? PortState::kClosed : PortState::kFiltered, "port-unreach"};
}

std::optional<IcmpVerdict> icmpv4(net::Transport proto, std::uint8_t type, std::uint8_t code,
                                  bool from_target) {
  if (type == 11) return IcmpVerdict{PortState::kFiltered, "time-exceeded"};
  if (type != 3) return std::nullopt;
  switch (code) {
    case 3:
      return port_unreachable(proto, from_target);
    case 0:
    case 1:
    case 2:
    case 9:
    case 10:
    case 13:
      return IcmpVerdict{PortState::kFiltered, icmp_unreach_reason(code)};
    default:  // fragmentation needed, source route failed, ...: nmap ignores them
      return std::nullopt;
  }
}

std::optional<IcmpVerdict> icmpv6(net::Transport proto, std::uint8_t type, std::uint8_t code,
                                  bool from_target) {
  if (type == 4) {                                                         // parameter problem
    if (code == 0) return IcmpVerdict{PortState::kOpen, "param-problem"};  // understood, invalid
    if (code == 1) return IcmpVerdict{PortState::kFiltered, "param-problem"};
    return std::nullopt;
  }
  if (type != 1) return std::nullopt;
  switch (code) {
    case 0:
      return IcmpVerdict{PortState::kFiltered, "no-route"};
    case 1:  // administratively prohibited
    case 5:  // source address failed ingress/egress policy
      return IcmpVerdict{PortState::kFiltered, "admin-prohibited"};
    case 2:
      return IcmpVerdict{PortState::kFiltered, "beyond-scope"};
    case 3:
      return IcmpVerdict{PortState::kFiltered, "host-unreach"};
    case 4:
      return port_unreachable(proto, from_target);
    case 6:
      return IcmpVerdict{PortState::kFiltered, "reject-route"};
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<IcmpVerdict> icmp_verdict(net::Transport proto, int family, std::uint8_t type,
                                        std::uint8_t code, bool from_target) {
  return family == AF_INET6 ? icmpv6(proto, type, code, from_target)
                            : icmpv4(proto, type, code, from_target);
}

net::UniqueFd open_icmp_error_socket(int family) {
  bool v6 = family == AF_INET6;
  int protocol = v6 ? int{IPPROTO_ICMPV6} : int{IPPROTO_ICMP};
  net::UniqueFd fd(::socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol));
  if (!fd) return fd;
  if (v6) {
    icmp6_filter pass{};
    ICMP6_FILTER_SETBLOCKALL(&pass);
    ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &pass);  // type 1
    ICMP6_FILTER_SETPASS(ICMP6_PARAM_PROB, &pass);   // type 4
    ::setsockopt(fd.get(), IPPROTO_ICMPV6, ICMP6_FILTER, &pass, sizeof(pass));
    int on = 1;  // a raw ICMPv6 socket delivers no IPv6 header: ask for the hop limit
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof(on));
  } else {
    icmp_filter block{~((1U << 3) | (1U << 11))};  // a set bit blocks that type
    ::setsockopt(fd.get(), SOL_RAW, ICMP_FILTER, &block, sizeof(block));
  }
  net::set_receive_buffer(fd.get(), 4 << 20);
  return fd;
}

}  // namespace sockscope::scan
