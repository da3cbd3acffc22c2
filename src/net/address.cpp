#include "net/address.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <algorithm>
#include <cstring>

#include "core/error.h"
#include "core/text.h"

namespace sockscope::net {

Endpoint Endpoint::from_sockaddr(const sockaddr* sa, socklen_t len) {
  Endpoint e;
  if (len > sizeof(e.storage_)) len = sizeof(e.storage_);
  std::memcpy(&e.storage_, sa, len);
  e.length_ = len;
  return e;
}

Endpoint Endpoint::ipv4(in_addr addr, std::uint16_t port) {
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr = addr;
  sin.sin_port = htons(port);
  return from_sockaddr(reinterpret_cast<const sockaddr*>(&sin), sizeof(sin));
}

Endpoint Endpoint::ipv6(const in6_addr& addr, std::uint16_t port) {
  sockaddr_in6 sin6{};
  sin6.sin6_family = AF_INET6;
  sin6.sin6_addr = addr;
  sin6.sin6_port = htons(port);
  return from_sockaddr(reinterpret_cast<const sockaddr*>(&sin6), sizeof(sin6));
}

std::uint16_t Endpoint::port() const {
  if (family() == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&storage_)->sin_port);
  if (family() == AF_INET6)
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_port);
  return 0;
}

void Endpoint::set_port(std::uint16_t port) {
  if (family() == AF_INET) reinterpret_cast<sockaddr_in*>(&storage_)->sin_port = htons(port);
  if (family() == AF_INET6) reinterpret_cast<sockaddr_in6*>(&storage_)->sin6_port = htons(port);
}

std::string Endpoint::address_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (family() == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&storage_)->sin_addr, buf,
              sizeof(buf));
  } else if (family() == AF_INET6) {
    const auto& a6 = reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_addr;
    if (IN6_IS_ADDR_V4MAPPED(&a6)) {
      inet_ntop(AF_INET, &a6.s6_addr[12], buf, sizeof(buf));
    } else {
      inet_ntop(AF_INET6, &a6, buf, sizeof(buf));
    }
  } else {
    return "?";
  }
  return buf;
}

std::string Endpoint::to_string() const {
  std::string addr = address_string();
  bool bracket = addr.find(':') != std::string::npos;
  return (bracket ? "[" + addr + "]" : addr) + ":" + std::to_string(port());
}

bool operator==(const Endpoint& a, const Endpoint& b) {
  return a.length_ == b.length_ && std::memcmp(&a.storage_, &b.storage_, a.length_) == 0;
}

std::optional<in_addr> parse_ipv4_strict(std::string_view text) {
  std::uint32_t value = 0;
  int parts = 0;
  std::size_t pos = 0;
  while (parts < 4) {
    std::size_t end = text.find('.', pos);
    if (parts == 3) end = text.size();
    if (end == std::string_view::npos) return std::nullopt;
    std::string_view part = text.substr(pos, end - pos);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return std::nullopt;
    long long octet = 0;
    if (!parse_decimal(part, 0, 255, octet)) return std::nullopt;
    value = (value << 8) | static_cast<std::uint32_t>(octet);
    ++parts;
    pos = end + 1;
  }
  in_addr addr{};
  addr.s_addr = htonl(value);
  return addr;
}

std::optional<Endpoint> parse_ip_literal(std::string_view text, std::uint16_t port) {
  if (auto v4 = parse_ipv4_strict(text)) return Endpoint::ipv4(*v4, port);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  if (text.empty() || text.find(':') == std::string_view::npos ||
      text.size() >= INET6_ADDRSTRLEN + 16) {
    return std::nullopt;
  }
  std::string copy(text);
  in6_addr a6{};
  if (inet_pton(AF_INET6, copy.c_str(), &a6) == 1) return Endpoint::ipv6(a6, port);
  return std::nullopt;
}

std::uint16_t parse_port(std::string_view text, bool allow_zero, std::string_view what) {
  long long value = 0;
  if (!parse_decimal(text, allow_zero ? 0 : 1, 65535, value)) {
    throw usage_error("bad " + std::string(what) + " '" + escape_nonprintable(text) +
                      "': expected a number " + (allow_zero ? "0" : "1") + "-65535");
  }
  return static_cast<std::uint16_t>(value);
}

void check_host_name(std::string_view name) {
  std::string_view labels = name;
  if (!labels.empty() && labels.back() == '.') labels.remove_suffix(1);  // the root, "a.b."
  const char* problem = nullptr;
  if (labels.size() > 253) problem = "longer than 253 characters";
  for (std::size_t start = 0; problem == nullptr && start <= labels.size();) {
    std::size_t end = std::min(labels.find('.', start), labels.size());
    if (end == start) problem = "an empty label (two dots in a row, or a dot first)";
    if (end - start > 63) problem = "a label longer than 63 characters";
    start = end + 1;
  }
  if (problem != nullptr) {
    throw usage_error("bad host '" + escape_nonprintable(name) + "': " + problem);
  }
}

Resolution resolve(std::string_view host, std::uint16_t port, Transport transport) {
  Resolution result;
  if (auto literal = parse_ip_literal(host, port)) {
    result.endpoints.push_back(*literal);
    return result;
  }
  if (host.empty()) {
    result.error = "empty host name";
    return result;
  }
  check_host_name(host);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = transport == Transport::kTcp ? SOCK_STREAM : SOCK_DGRAM;
  hints.ai_flags = AI_ADDRCONFIG;
  addrinfo* list = nullptr;
  std::string name(host);
  int rc = getaddrinfo(name.c_str(), nullptr, &hints, &list);
  if (rc != 0) {
    result.error = gai_strerror(rc);
    return result;
  }
  for (addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    Endpoint e = Endpoint::from_sockaddr(ai->ai_addr, ai->ai_addrlen);
    e.set_port(port);
    bool seen = false;
    for (const auto& existing : result.endpoints) seen = seen || existing == e;
    if (!seen) result.endpoints.push_back(e);
  }
  freeaddrinfo(list);
  if (result.endpoints.empty()) result.error = "no IPv4 or IPv6 address";
  return result;
}

Endpoint parse_bind_address(std::string_view text, std::uint16_t port) {
  if (text == "*" || text == "0.0.0.0") {
    in_addr any{};
    any.s_addr = htonl(INADDR_ANY);
    return Endpoint::ipv4(any, port);
  }
  if (auto literal = parse_ip_literal(text, port)) return *literal;
  throw usage_error("bad bind address '" + escape_nonprintable(text) +
                    "': expected an IPv4 or IPv6 address (0.0.0.0 or :: for all)");
}

}  // namespace sockscope::net
