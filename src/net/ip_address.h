// Public. The address vocabulary every capability shares: an IPv4 or IPv6 host address
// (`IpAddress`, no port) and an address with a port (`IpEndpoint`), both small, compared
// byte by byte and hashable. `Endpoint` (address.h) is the sockaddr form the system calls
// take; these are the forms a scan keeps millions of and a capture decodes into each
// packet, so they hold no sockaddr_storage and allocate nothing.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/address.h"

namespace sockscope::net {

struct IpAddress {
  // AF_INET or AF_INET6; AF_UNSPEC where a decoded packet has no address (none()).
  int family = AF_INET;
  std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first 4

  static IpAddress v4(std::uint32_t host_order);
  static IpAddress from_endpoint(const Endpoint& e);
  // No address (family AF_UNSPEC): prints as "".
  static constexpr IpAddress none() { return IpAddress{AF_UNSPEC, {}}; }
  // A numeric IPv4 or IPv6 literal (parse_ip_literal), nullopt for anything else.
  static std::optional<IpAddress> parse(std::string_view literal);
  bool is_none() const { return family == AF_UNSPEC; }
  std::uint32_t v4_host_order() const;
  Endpoint endpoint(std::uint16_t port) const;
  std::string to_string() const;
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
};

struct IpAddressHash {
  std::size_t operator()(const IpAddress& a) const;
};

// An address and a port: a scanned pair, one side of a captured conversation.
struct IpEndpoint {
  IpAddress address;
  std::uint16_t port = 0;
  friend bool operator==(const IpEndpoint&, const IpEndpoint&) = default;
  // "192.0.2.1:80" or "[2001:db8::1]:80" (":80" for no address).
  std::string to_string() const;
};

struct IpEndpointHash {
  std::size_t operator()(const IpEndpoint& e) const {
    return IpAddressHash{}(e.address) * 31 + e.port;
  }
};

}  // namespace sockscope::net
