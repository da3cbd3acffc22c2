// Public. IP addresses, ports and endpoints, and how text becomes them.
//
// Every function that parses outside input either returns a value or throws
// sockscope::Error(kUsage) with a message naming the bad text.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope::net {

enum class Transport { kTcp, kUdp };

// An IPv4 or IPv6 socket address (sockaddr_in / sockaddr_in6).
class Endpoint {
 public:
  Endpoint() = default;
  static Endpoint from_sockaddr(const sockaddr* sa, socklen_t len);
  static Endpoint ipv4(in_addr addr, std::uint16_t port);
  static Endpoint ipv6(const in6_addr& addr, std::uint16_t port);

  int family() const { return storage_.ss_family; }
  bool is_ipv6() const { return family() == AF_INET6; }
  std::uint16_t port() const;
  void set_port(std::uint16_t port);
  const sockaddr* sockaddr_ptr() const { return reinterpret_cast<const sockaddr*>(&storage_); }
  socklen_t length() const { return length_; }

  // "192.0.2.1" or "2001:db8::1"; IPv4-mapped IPv6 addresses print as IPv4.
  std::string address_string() const;
  // "192.0.2.1:80" or "[2001:db8::1]:80".
  std::string to_string() const;

  friend bool operator==(const Endpoint& a, const Endpoint& b);

 private:
  sockaddr_storage storage_{};
  socklen_t length_ = 0;
};

// Strict dotted-quad IPv4: four decimal parts 0..255, no leading zeros beyond "0",
// nothing else. "192.168.2" and "192.168.sam" are rejected (unlike inet_aton).
std::optional<in_addr> parse_ipv4_strict(std::string_view text);

// Any numeric IPv4 (strict, as above) or IPv6 literal (brackets allowed).
std::optional<Endpoint> parse_ip_literal(std::string_view text, std::uint16_t port);

// A port 1..65535 (or 0..65535 when allow_zero), or throws naming the text and `what`.
std::uint16_t parse_port(std::string_view text, bool allow_zero = false,
                         std::string_view what = "port");

// RFC 1035's lengths for a host name: at most 253 characters (one final dot aside), each
// dot-separated label 1 to 63. Throws a usage error naming the name otherwise, so every
// command refuses such a name alike instead of asking the resolver (exit 2, not 1).
void check_host_name(std::string_view name);

// Result of looking a host name up.
struct Resolution {
  std::vector<Endpoint> endpoints;  // empty when the name did not resolve
  std::string error;                // gai_strerror text when it failed
};

// Numeric addresses never touch DNS. Names go through getaddrinfo (AF_UNSPEC,
// IPv4 first in the result order the resolver gives), after check_host_name.
Resolution resolve(std::string_view host, std::uint16_t port, Transport transport);

// The address a server binds: "*" or "0.0.0.0" means IPv4 any; "::" means dual-stack
// any. Throws on anything else that is not a numeric address, the empty text included
// (an empty --bind is a slip, not a request for "everywhere").
Endpoint parse_bind_address(std::string_view text, std::uint16_t port);

}  // namespace sockscope::net
