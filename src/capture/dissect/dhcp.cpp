// DHCP/BOOTP: Wireshark 4.0's two passes over the options. The first (looking for the
// message type, option 53) decides the Protocol and Info columns; the second (building
// the tree, here: DhcpOptions) decides which fields exist and whether "[Malformed Packet]"
// follows. Both stop at the end of the captured message; nothing reads past it.
#include "capture/dissect/dhcp.h"

#include <cstdio>

namespace sockscope::capture {
namespace {

std::uint8_t at(Bytes m, std::size_t i) {
  return static_cast<std::uint8_t>(m[i]);
}

std::uint32_t u32_at(Bytes m, std::size_t i) {
  return std::uint32_t{at(m, i)} << 24 | std::uint32_t{at(m, i + 1)} << 16 |
         std::uint32_t{at(m, i + 2)} << 8 | at(m, i + 3);
}

bool has_cookie(Bytes m) {
  return m.size() >= kDhcpCookieAt + 4 && u32_at(m, kDhcpCookieAt) == kDhcpCookie;
}

void append_hex_byte(std::string& out, std::uint8_t b, bool colon) {
  static const char* const kDigits = "0123456789abcdef";
  if (colon) out.push_back(':');
  out.push_back(kDigits[b >> 4]);
  out.push_back(kDigits[b & 0xf]);
}

// "Boot Request from ...", "Boot Reply", "Unknown BOOTP message type (N)": the Info
// column before (and without) a message type option.
std::string bootp_info(Bytes m) {
  const std::uint8_t op = at(m, 0), htype = at(m, 1), hlen = at(m, 2);
  if (op == 2) return "Boot Reply";
  if (op != 1) return "Unknown BOOTP message type (" + std::to_string(op) + ")";
  std::string out = "Boot Request from ";
  if (hlen == 0) return out + "<No address>";
  if ((htype == 1 || htype == 6) && hlen == 6) {
    std::string mac;
    for (int i = 0; i < 6; ++i) append_hex_byte(mac, at(m, 28 + i), i > 0);
    return out + mac + " (" + mac + ")";
  }
  for (int i = 0; i < hlen; ++i) append_hex_byte(out, at(m, 28 + i), false);
  return out;
}

}  // namespace

DhcpScan dhcp_scan(Bytes m) {
  DhcpScan s;
  const std::size_t n = m.size();
  if (n < 3 || (at(m, 0) == 1 && n < 28u + at(m, 2))) {
    s.malformed = true;  // the Info column's own reads ran off the message
    return s;
  }
  s.header_read = true;
  s.cookie = has_cookie(m);
  s.options_at = s.cookie ? kDhcpCookieAt + 4 : kDhcpCookieAt + 64;
  // First pass: the message type. It stops quietly at an option cut short; it reads
  // option 53's value byte right after the length byte whatever the length says (so a
  // zero-length option 53 at the very end throws), and the last option 53 wins.
  for (std::size_t pos = s.options_at; pos < n;) {
    const std::uint8_t code = at(m, pos);
    if (code == 0) {
      ++pos;
      continue;
    }
    if (code == 255 || pos + 1 >= n) break;
    const std::size_t next = pos + 2u + at(m, pos + 1);
    if (next > n) break;
    if (code == 53) {
      if (pos + 2 >= n) {
        s.type_cut = true;
        break;
      }
      s.message_type = at(m, pos + 2);
    }
    pos = next;
  }
  // Second pass: the fixed fields (and the BOOTP vendor area without a cookie) must all
  // be there, and every option whole.
  s.malformed = s.type_cut || n < kDhcpFixedLen || s.options_at > n;
  DhcpOptions options(m);
  DhcpOption o;
  while (options.next(o)) {
  }
  if (options.cut()) s.malformed = true;
  return s;
}

DhcpOptions::DhcpOptions(Bytes message)
    : message_(message), pos_(has_cookie(message) ? kDhcpCookieAt + 4 : kDhcpCookieAt + 64) {}

bool DhcpOptions::next(DhcpOption& out) {
  const std::size_t n = message_.size();
  if (done_ || pos_ >= n) return false;
  out = {};
  const std::uint8_t code = at(message_, pos_);
  if (code == 0) {  // a run of Pad options is shown as one
    while (pos_ < n && at(message_, pos_) == 0) ++pos_;
    out.pad = true;
    return true;
  }
  if (code == 255) {
    out.end = true;
    done_ = true;
    ++pos_;
    return true;
  }
  if (pos_ + 1 >= n) {  // no length byte: the option is not shown at all
    done_ = cut_ = true;
    return false;
  }
  out.code = code;
  out.has_length = true;
  out.length = at(message_, pos_ + 1);
  if (pos_ + 2 + out.length > n) {  // shown, then the walk stops: malformed
    done_ = cut_ = true;
    return true;
  }
  out.value = message_.subspan(pos_ + 2, out.length);
  pos_ += 2u + out.length;
  if (code == 53 && out.length == 0) done_ = cut_ = true;  // its value is read anyway
  return true;
}

std::string dhcp_type_name(int type) {
  static const char* const kNames[] = {nullptr,
                                       "Discover",
                                       "Offer",
                                       "Request",
                                       "Decline",
                                       "ACK",
                                       "NAK",
                                       "Release",
                                       "Inform",
                                       "Force Renew",
                                       "Lease query",
                                       "Lease Unassigned",
                                       "Lease Unknown",
                                       "Lease Active",
                                       "Bulk Lease Query",
                                       "Lease Query Done",
                                       "Active LeaseQuery",
                                       "Lease Query Status",
                                       "TLS"};
  if (type > 0 && type < static_cast<int>(sizeof kNames / sizeof kNames[0])) return kNames[type];
  char buf[40];
  std::snprintf(buf, sizeof buf, "Unknown Message Type (0x%02x)", type & 0xff);
  return buf;
}

const char* dhcp_protocol(Bytes message) {
  const DhcpScan s = dhcp_scan(message);
  return s.message_type >= 0 && !s.type_cut ? "DHCP" : "BOOTP";
}

std::string dhcp_summary(Bytes m) {
  const DhcpScan s = dhcp_scan(m);
  if (!s.header_read) return "[Malformed Packet]";
  std::string out;
  if (s.message_type >= 0 && !s.type_cut) {
    // "DHCP %-8s - Transaction ID 0x%x"
    std::string name = dhcp_type_name(s.message_type);
    if (name.size() < 8) name.append(8 - name.size(), ' ');
    char xid[16];
    std::snprintf(xid, sizeof xid, "0x%x", u32_at(m, 4));
    out = "DHCP " + name + " - Transaction ID " + xid;
  } else {
    out = bootp_info(m);
  }
  if (s.malformed) out.append("[Malformed Packet]");
  return out;
}

}  // namespace sockscope::capture
