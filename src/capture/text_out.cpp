#include "capture/text_out.h"

#include <arpa/inet.h>

namespace sockscope::capture {

void append_seconds(std::string& out, std::int64_t ns, int digits) {
  if (ns < 0) {
    out.push_back('-');
    ns = -ns;
  }
  append_u64(out, static_cast<std::uint64_t>(ns / 1000000000));
  out.push_back('.');
  std::int64_t frac = ns % 1000000000;
  for (int i = digits; i < 9; ++i) frac /= 10;
  char buf[9];
  for (int i = digits - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  out.append(buf, static_cast<std::size_t>(digits));
}

void append_ip(std::string& out, const net::IpAddress& addr) {
  if (addr.family == AF_INET) {
    for (int i = 0; i < 4; ++i) {
      if (i) out.push_back('.');
      append_u64(out, addr.bytes[i]);
    }
  } else if (addr.family == AF_INET6) {
    char buf[INET6_ADDRSTRLEN];
    if (inet_ntop(AF_INET6, addr.bytes.data(), buf, sizeof buf)) out.append(buf);
  }
}

void append_mac(std::string& out, const Mac& mac) {
  for (int i = 0; i < 6; ++i) {
    if (i) out.push_back(':');
    append_hex(out, mac[i], 2);
  }
}

}  // namespace sockscope::capture
