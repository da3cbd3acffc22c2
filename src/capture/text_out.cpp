#include "capture/text_out.h"

#include <arpa/inet.h>

namespace sockscope::capture {

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
