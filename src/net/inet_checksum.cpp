#include "net/inet_checksum.h"

namespace sockscope::net {

std::uint16_t inet_checksum(std::span<const std::uint8_t> bytes, std::uint32_t sum) {
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2)
    sum += static_cast<std::uint32_t>((bytes[i] << 8) | bytes[i + 1]);
  if (i < bytes.size()) sum += static_cast<std::uint32_t>(bytes[i] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

std::uint32_t pseudo_header_sum(const IpAddress& src, const IpAddress& dst, std::uint8_t proto,
                                std::uint32_t length) {
  // The IPv4 pseudo-header carries a 16-bit length, IPv6's a 32-bit one and the protocol
  // in a 32-bit word: as 16-bit words they add up the same way.
  std::size_t n = src.family == AF_INET6 ? 16 : 4;
  std::uint32_t sum = proto + (length >> 16) + (length & 0xffff);
  for (std::size_t i = 0; i < n; i += 2) {
    sum += static_cast<std::uint32_t>((src.bytes[i] << 8) | src.bytes[i + 1]);
    sum += static_cast<std::uint32_t>((dst.bytes[i] << 8) | dst.bytes[i + 1]);
  }
  return sum;
}

}  // namespace sockscope::net
