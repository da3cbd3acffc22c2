#include "net/ip_address.h"

#include <arpa/inet.h>

#include <cstring>

namespace sockscope::net {

IpAddress IpAddress::v4(std::uint32_t host_order) {
  IpAddress a;
  a.family = AF_INET;
  a.bytes[0] = static_cast<std::uint8_t>(host_order >> 24);
  a.bytes[1] = static_cast<std::uint8_t>(host_order >> 16);
  a.bytes[2] = static_cast<std::uint8_t>(host_order >> 8);
  a.bytes[3] = static_cast<std::uint8_t>(host_order);
  return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view literal) {
  auto endpoint = parse_ip_literal(literal, 0);
  if (!endpoint) return std::nullopt;
  return from_endpoint(*endpoint);
}

IpAddress IpAddress::from_endpoint(const Endpoint& e) {
  IpAddress a;
  if (e.family() == AF_INET) {
    const auto* sin = reinterpret_cast<const sockaddr_in*>(e.sockaddr_ptr());
    std::memcpy(a.bytes.data(), &sin->sin_addr, 4);
  } else {
    const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(e.sockaddr_ptr());
    if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
      std::memcpy(a.bytes.data(), &sin6->sin6_addr.s6_addr[12], 4);
    } else {
      a.family = AF_INET6;
      std::memcpy(a.bytes.data(), &sin6->sin6_addr, 16);
    }
  }
  return a;
}

std::uint32_t IpAddress::v4_host_order() const {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
         (std::uint32_t{bytes[2]} << 8) | bytes[3];
}

Endpoint IpAddress::endpoint(std::uint16_t port) const {
  if (family == AF_INET) {
    in_addr a{};
    std::memcpy(&a, bytes.data(), 4);
    return Endpoint::ipv4(a, port);
  }
  in6_addr a6{};
  std::memcpy(&a6, bytes.data(), 16);
  return Endpoint::ipv6(a6, port);
}

std::string IpAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(family, bytes.data(), buf, sizeof(buf));
  return buf;
}

// Two 8-byte words and a multiply-xorshift mix (murmur3's finalizer): every scanned pair
// hashes its address a few times (route cache, pending probes), and a byte-by-byte FNV
// loop over 16 bytes was ~1% of a loopback SYN scan's CPU.
std::size_t IpAddressHash::operator()(const IpAddress& a) const {
  std::uint64_t hi = 0, lo = 0;
  std::memcpy(&hi, a.bytes.data(), 8);
  std::memcpy(&lo, a.bytes.data() + 8, 8);
  std::uint64_t h = hi ^ (lo * 0x9e3779b97f4a7c15ULL) ^ static_cast<std::uint64_t>(a.family);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return static_cast<std::size_t>(h);
}

std::string IpEndpoint::to_string() const {
  std::string out;
  if (address.family == AF_INET6) out.push_back('[');
  out.append(address.to_string());
  if (address.family == AF_INET6) out.push_back(']');
  out.push_back(':');
  out.append(std::to_string(port));
  return out;
}

}  // namespace sockscope::net
