// Public. The URLs `sockscope http` accepts: http://HOST[:PORT][/PATH] and https://...,
// HOST a name, an IPv4 address or a bracketed IPv6 address. Parsing is strict and
// throws a usage error naming the URL; nothing here touches the network.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sockscope::http {

struct Url {
  bool tls = false;          // https
  std::string host;          // without brackets: "example.org", "192.0.2.1", "2001:db8::1"
  std::uint16_t port = 80;   // 80 or 443 unless given
  std::string target = "/";  // path and query, as sent in the request line
  std::string host_header;   // "example.org", "[2001:db8::1]:8080"
};

Url parse_url(std::string_view text);

}  // namespace sockscope::http
