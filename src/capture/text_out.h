// Internal to capture/. Allocation-free appenders for the hot output paths (summary
// lines of millions of packets): decimal numbers, addresses, padding, into a
// std::string the caller reuses.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "capture/packet.h"

namespace sockscope::capture {

inline void append_u64(std::string& out, std::uint64_t v) {
  char buf[20];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) out.push_back(buf[--n]);
}

inline void append_hex(std::string& out, std::uint64_t v, int width, bool upper = false) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  for (int i = width - 1; i >= 0; --i) out.push_back(digits[(v >> (4 * i)) & 0xf]);
}

void append_ip(std::string& out, const net::IpAddress& addr);
void append_mac(std::string& out, const Mac& mac);

}  // namespace sockscope::capture
