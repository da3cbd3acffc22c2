// Internal to scan/. One recvmmsg() of up to kCount packets from a raw socket, for the
// readers of answers (-sS TCP and ICMP, -sU ICMP and the UDP answers themselves): headers are all
// they need, so each slot is small, and a full-range scan's 65,535 answers cost ~1,000 system
// calls. IPv6 raw sockets deliver no IP header: the peer is in the slot's name and the hop limit in
// its control data (IPV6_RECVHOPLIMIT).
#pragma once

#include <sys/socket.h>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "net/target_list.h"

namespace sockscope::scan {

// The int a cmsg carries (IP_TTL, IPV6_HOPLIMIT), or -1 when `msg` has none.
int cmsg_int(msghdr& msg, int level, int type);

struct RecvBatch {
  static constexpr std::size_t kCount = 64;
  // IPv4 header (<= 60) + ICMP (8) + quoted IPv4 header (<= 60) + 8; ICMPv6 needs 56.
  static constexpr std::size_t kSlot = 256;
  union Control {
    cmsghdr align;
    char bytes[CMSG_SPACE(sizeof(int)) * 2];
  };
  std::array<std::array<std::uint8_t, kSlot>, kCount> bufs{};
  std::array<sockaddr_in6, kCount> names{};
  std::array<Control, kCount> control{};
  std::array<iovec, kCount> iov{};
  std::array<mmsghdr, kCount> msgs{};

  // Number of packets read (0 when none are waiting).
  std::size_t read(int fd);
  std::span<const std::uint8_t> packet(std::size_t i) const;
  // IPv6 only: who sent packet i, and with what hop limit (-1 when not told).
  net::IpAddress from6(std::size_t i) const;
  int hop_limit(std::size_t i);
  // Either family: who sent packet i, and its TTL or hop limit when the socket asked for
  // it (IP_RECVTTL / IPV6_RECVHOPLIMIT; -1 when not told).
  net::Endpoint from(std::size_t i) const;
  int ttl(std::size_t i);
};

}  // namespace sockscope::scan
