// Internal to capture/. Allocation-free appenders for the hot output paths (summary
// lines of millions of packets): decimal numbers, addresses, padding, into a
// std::string the caller reuses.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "capture/packet.h"

namespace sockscope::capture {

inline void append_u64(std::string& out, std::uint64_t v) {
  // (to_chars writes two digits a step; one append, not one a digit)
  char buf[20];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

inline void append_hex(std::string& out, std::uint64_t v, int width, bool upper = false) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  for (int i = width - 1; i >= 0; --i) out.push_back(digits[(v >> (4 * i)) & 0xf]);
}

void append_ip(std::string& out, const net::IpAddress& addr);
void append_mac(std::string& out, const Mac& mac);

}  // namespace sockscope::capture
