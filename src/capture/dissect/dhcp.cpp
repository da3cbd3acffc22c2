// DHCP/BOOTP: Wireshark 4.0's two passes over the options. The first (looking for the
// message type, option 53) decides the Protocol and Info columns; the second (building
// the tree, here: DhcpOptions) decides which fields exist and whether "[Malformed Packet]"
// follows. Both stop at the end of the captured message; nothing reads past it.
#include "capture/dissect/dhcp.h"

#include <array>
#include <cstdio>

#include "net/mac_names.h"

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
    // the address, then its name as tshark resolves it by default (the vendor prefix)
    std::string mac;
    std::array<std::uint8_t, 6> bytes{};
    for (int i = 0; i < 6; ++i) {
      bytes[static_cast<std::size_t>(i)] = at(m, 28 + static_cast<std::size_t>(i));
      append_hex_byte(mac, bytes[static_cast<std::size_t>(i)], i > 0);
    }
    const std::string name = net::MacNames::system().name(bytes);
    return out + mac + " (" + (name.empty() ? mac : name) + ")";
  }
  for (int i = 0; i < hlen; ++i) append_hex_byte(out, at(m, 28 + i), false);
  return out;
}

}  // namespace

DhcpScan dhcp_scan(Bytes m, std::size_t reported) {
  DhcpScan s;
  const std::size_t cap = m.size(), n = reported > cap ? reported : cap;
  // A read up to `end` that fails: past what was captured (Wireshark's "[Packet size
  // limited during capture]"), or past the message itself ("[Malformed Packet]").
  auto fails = [&](std::size_t end) {
    if (end <= cap) return false;
    (end <= n ? s.capture_cut : s.malformed) = true;
    return true;
  };
  // The Info column's own reads: op, htype, hlen, and for a request chaddr.
  if (fails(3) || fails(at(m, 0) == 1 ? 28u + at(m, 2) : 3u)) return s;
  s.header_read = true;
  s.cookie = has_cookie(m);
  s.options_at = s.cookie ? kDhcpCookieAt + 4 : kDhcpCookieAt + 64;
  // First pass: the message type. It stops quietly at an option longer than the message;
  // it reads option 53's value byte right after the length byte whatever the length says
  // (so a zero-length option 53 at the very end throws), and the last option 53 wins. A
  // byte it needs that was not captured ends everything (no type, no fields).
  auto first_pass_fails = [&](std::size_t end) {
    if (!fails(end)) return false;
    s.first_pass_cut = true;
    s.message_type = -1;
    return true;
  };
  for (std::size_t pos = s.options_at; pos < n;) {
    if (first_pass_fails(pos + 1)) return s;
    const std::uint8_t code = at(m, pos);
    if (code == 0) {
      ++pos;
      continue;
    }
    if (code == 255 || pos + 1 >= n) break;
    if (first_pass_fails(pos + 2)) return s;
    const std::size_t next = pos + 2u + at(m, pos + 1);
    if (next > n) break;
    if (code == 52 && next <= cap && next > pos + 2) s.overload = at(m, pos + 2);
    if (code == 60 && next <= cap) s.vendor_class = true;
    if (code == 53) {
      if (pos + 2 >= n) {
        s.type_cut = s.malformed = true;
        s.message_type = -1;
        return s;
      }
      if (first_pass_fails(pos + 3)) return s;
      s.message_type = at(m, pos + 2);
    }
    pos = next;
  }
  // Second pass: the fixed fields, the cookie or the BOOTP vendor area, every option.
  if (fails(kDhcpFixedLen) || fails(s.options_at)) return s;
  DhcpOptions options(m, n);
  DhcpOption o;
  while (options.next(o)) {
  }
  if (options.cut()) (options.capture_cut() ? s.capture_cut : s.malformed) = true;
  return s;
}

DhcpOptions::DhcpOptions(Bytes message, std::size_t reported)
    : message_(message),
      reported_(reported > message.size() ? reported : message.size()),
      pos_(has_cookie(message) ? kDhcpCookieAt + 4 : kDhcpCookieAt + 64) {}

bool DhcpOptions::next(DhcpOption& out) {
  const std::size_t n = message_.size();
  if (done_ || pos_ >= n) {
    if (!done_ && pos_ < reported_) done_ = cut_ = capture_cut_ = true;
    return false;
  }
  out = {};
  const std::uint8_t code = at(message_, pos_);
  if (code == 0) {  // a run of Pad options is shown as one
    const std::size_t start = pos_;
    while (pos_ < n && at(message_, pos_) == 0) ++pos_;
    out.pad = true;
    out.value = message_.subspan(start, pos_ - start);
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
    capture_cut_ = pos_ + 1 < reported_;
    return false;
  }
  out.code = code;
  out.has_length = true;
  out.length = at(message_, pos_ + 1);
  if (pos_ + 2 + out.length > n) {  // shown, then the walk stops
    done_ = cut_ = true;
    capture_cut_ = pos_ + 2 + out.length <= reported_;
    return true;
  }
  out.value = message_.subspan(pos_ + 2, out.length);
  pos_ += 2u + out.length;
  if (code == 53 && out.length == 0) done_ = cut_ = true;  // its value is read anyway
  if (code == 81 && dhcp_fqdn_name(out.value) == FqdnName::kThrows) done_ = cut_ = true;
  return true;
}

FqdnName dhcp_fqdn_name(Bytes v, std::string* name) {
  if (v.size() <= 3 || (at(v, 0) & 4) == 0) return FqdnName::kNone;
  std::size_t pos = 3;
  if (name != nullptr) name->clear();
  for (int labels = 0;; ++labels) {
    if (pos >= v.size()) return FqdnName::kThrows;
    const std::uint8_t len = at(v, pos);
    if (len == 0) return labels == 0 ? FqdnName::kOther : FqdnName::kPlain;
    if ((len & 0xc0) == 0xc0) return FqdnName::kOther;
    if ((len & 0xc0) != 0) return FqdnName::kThrows;
    if (pos + 1 + len > v.size()) return FqdnName::kThrows;
    if (name != nullptr) {
      if (labels > 0) name->push_back('.');
      name->append(reinterpret_cast<const char*>(v.data()) + pos + 1, len);
    }
    pos += 1u + len;
  }
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

const char* dhcp_protocol(Bytes message, std::size_t reported) {
  return dhcp_scan(message, reported).message_type >= 0 ? "DHCP" : "BOOTP";
}

std::string dhcp_summary(Bytes m, std::size_t reported) {
  const DhcpScan s = dhcp_scan(m, reported);
  if (!s.header_read) return s.malformed ? "[Malformed Packet]" : "";
  std::string out;
  if (s.message_type >= 0) {
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
