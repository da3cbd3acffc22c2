// Public. The Internet checksum (RFC 1071) and the pseudo-header sum TCP, UDP and ICMPv6
// checksums cover: the SYN scan writes checksums with them, the packet filters verify
// ICMP's as Wireshark does.
#pragma once

#include <cstdint>
#include <span>

#include "net/ip_address.h"

namespace sockscope::net {

// Internet checksum of `bytes`, starting from a partial `sum`: 0 over bytes that hold a
// correct checksum.
std::uint16_t inet_checksum(std::span<const std::uint8_t> bytes, std::uint32_t sum = 0);

// The partial sum of the pseudo-header: both addresses (4 bytes each for IPv4, RFC 793;
// 16 for IPv6, RFC 8200 section 8.1), the protocol and the upper-layer length. The two
// layouts differ, their 16-bit sums do not.
std::uint32_t pseudo_header_sum(const IpAddress& src, const IpAddress& dst, std::uint8_t proto,
                                std::uint32_t length);

}  // namespace sockscope::net
