// DHCP/BOOTP: Wireshark 4.0's two passes over the options. The first (looking for the
// message type, option 53) decides the Protocol and Info columns; the second (building
// the tree, here: DhcpOptions) decides which fields exist and whether "[Malformed Packet]"
// follows. Both stop at the end of the captured message; nothing reads past it.
#include "capture/dissect/dhcp.h"

#include <array>
#include <cstdio>
#include <initializer_list>
#include <string_view>

#include "capture/dissect/dissect.h"
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
    out.append(mac).append(" (").append(name.empty() ? mac : name).append(")");
    return out;
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
  // A read that starts past what was captured throws at its start (Wireshark checks the
  // offset before the length): within the message, the snap length's cut.
  auto fails = [&](std::size_t end, std::size_t start = 0) {
    if (end <= cap) return false;
    const std::size_t at = start > cap ? start : end;
    (at <= n ? s.capture_cut : s.malformed) = true;
    return true;
  };
  // The Info column's own reads: op, htype, hlen, and for a request chaddr (none when
  // hlen is 0: "<No address>").
  if (fails(3)) return s;
  const std::uint8_t hlen = at(m, 2);
  if (fails(at(m, 0) == 1 && hlen > 0 ? 28u + hlen : 3u, 28)) return s;
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
    if (code == 60 && next <= cap) {
      s.vendor_class = true;
      s.vendor_class_id = m.subspan(pos + 2, next - pos - 2);
    }
    if (code == 43) s.vendor_info = true;
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
  // The fixed fields are read one by one (op ... giaddr, chaddr and its padding or the
  // 16 bytes of "Client address not given", sname's first byte then sname, file's): the
  // first that fails decides between short and malformed.
  const std::size_t chaddr_end = hlen > 0 && hlen <= 16 ? 28u + hlen : 44u;
  const std::size_t field_end = first_failed_read(
      cap, {1, 2, 3, 4, 8, 10, 12, 16, 20, 24, 28, chaddr_end, 44, 45, 108, 109, kDhcpFixedLen});
  if (fails(field_end) || fails(s.options_at)) return s;
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
    if (pos_ == n && n < reported_) {  // Wireshark's count of the run reads past the capture
      done_ = cut_ = capture_cut_ = true;
      return false;
    }
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

std::vector<DhcpOption> dhcp_area_options(Bytes m, std::size_t from, std::size_t to, bool* end) {
  std::vector<DhcpOption> out;
  if (end != nullptr) *end = false;
  std::size_t pos = from;
  while (pos < to && pos < m.size()) {
    DhcpOption o;
    const std::uint8_t code = at(m, pos);
    if (code == 0) {
      std::size_t i = pos + 1;
      while (i < to && i < m.size() && at(m, i) == 0) ++i;
      o.pad = true;
      o.value = m.subspan(pos, i - pos);
      out.push_back(o);
      pos = i;
      continue;
    }
    if (code == 255) {
      o.end = true;
      out.push_back(o);
      if (end != nullptr) *end = true;
      break;
    }
    if (pos + 1 >= m.size()) break;
    o.code = code;
    o.has_length = true;
    o.length = at(m, pos + 1);
    if (pos + 2 + o.length > m.size()) {
      out.push_back(o);
      break;
    }
    o.value = m.subspan(pos + 2, o.length);
    out.push_back(o);
    pos += 2u + o.length;
  }
  return out;
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

const DhcpOptInfo& dhcp_option_info(std::uint8_t code) {
  using K = DhcpOptKind;
  // (names as tshark 4.0's "Option: (N) Name" lines print them; kinds from its dhcp_opt
  // table, kBool where the field is an FT_BOOLEAN)
  static constexpr DhcpOptInfo kOptions[256] = {
      // clang-format off
    {"Padding", K::kOther},  // 0
    {"Subnet Mask", K::kIp},  // 1
    {"Time Offset", K::kI32},  // 2
    {"Router", K::kIpList},  // 3
    {"Time Server", K::kIpList},  // 4
    {"Name Server", K::kIpList},  // 5
    {"Domain Name Server", K::kIpList},  // 6
    {"Log Server", K::kIpList},  // 7
    {"Quotes Server", K::kIpList},  // 8
    {"LPR Server", K::kIpList},  // 9
    {"Impress Server", K::kIpList},  // 10
    {"Resource Location Server", K::kIpList},  // 11
    {"Host Name", K::kStr},  // 12
    {"Boot File Size", K::kU16},  // 13
    {"Merit Dump File", K::kStr},  // 14
    {"Domain Name", K::kStr},  // 15
    {"Swap Server", K::kIp},  // 16
    {"Root Path", K::kStr},  // 17
    {"Extensions Path", K::kStr},  // 18
    {"IP Forwarding", K::kBool},  // 19
    {"Non-Local Source Routing", K::kBool},  // 20
    {"Policy Filter", K::kOther},  // 21
    {"Maximum Datagram Reassembly Size", K::kU16},  // 22
    {"Default IP Time-to-Live", K::kU8},  // 23
    {"Path MTU Aging Timeout", K::kU32},  // 24
    {"Path MTU Plateau Table", K::kU16List},  // 25
    {"Interface MTU", K::kU16},  // 26
    {"All Subnets are Local", K::kBool},  // 27
    {"Broadcast Address", K::kIp},  // 28
    {"Perform Mask Discovery", K::kBool},  // 29
    {"Mask Supplier", K::kBool},  // 30
    {"Perform Router Discover", K::kBool},  // 31
    {"Router Solicitation Address", K::kIp},  // 32
    {"Static Route", K::kOther},  // 33
    {"Trailer Encapsulation", K::kBool},  // 34
    {"ARP Cache Timeout", K::kU32},  // 35
    {"Ethernet Encapsulation", K::kBool},  // 36
    {"TCP Default TTL", K::kU8},  // 37
    {"TCP Keepalive Interval", K::kU32},  // 38
    {"TCP Keepalive Garbage", K::kBool},  // 39
    {"Network Information Service Domain", K::kStr},  // 40
    {"Network Information Service Servers", K::kIpList},  // 41
    {"Network Time Protocol Servers", K::kIpList},  // 42
    {"Vendor-Specific Information", K::kOther},  // 43
    {"NetBIOS over TCP/IP Name Server", K::kIpList},  // 44
    {"NetBIOS over TCP/IP Datagram Distribution Name Server", K::kIpList},  // 45
    {"NetBIOS over TCP/IP Node Type", K::kU8},  // 46
    {"NetBIOS over TCP/IP Scope", K::kStr},  // 47
    {"X Window System Font Server", K::kIpList},  // 48
    {"X Window System Display Manager", K::kIpList},  // 49
    {"Requested IP Address", K::kIp},  // 50
    {"IP Address Lease Time", K::kU32},  // 51
    {"Option Overload", K::kU8},  // 52
    {"DHCP Message Type", K::kOther},  // 53
    {"DHCP Server Identifier", K::kIp},  // 54
    {"Parameter Request List", K::kOther},  // 55
    {"Message", K::kStr},  // 56
    {"Maximum DHCP Message Size", K::kU16},  // 57
    {"Renewal Time Value", K::kU32},  // 58
    {"Rebinding Time Value", K::kU32},  // 59
    {"Vendor class identifier", K::kStr},  // 60
    {"Client identifier", K::kOther},  // 61
    {"Novell/Netware IP domain", K::kOther},  // 62 (opaque in 4.0)
    {"Novell Options", K::kOther},  // 63
    {"Network Information Service+ Domain", K::kStr},  // 64
    {"Network Information Service+ Servers", K::kIpList},  // 65
    {"TFTP Server Name", K::kStr},  // 66
    {"Bootfile name", K::kStr},  // 67
    {"Mobile IP Home Agent", K::kIpList},  // 68
    {"SMTP Server", K::kIpList},  // 69
    {"POP3 Server", K::kIpList},  // 70
    {"NNTP Server", K::kIpList},  // 71
    {"Default WWW Server", K::kIpList},  // 72
    {"Default Finger Server", K::kIpList},  // 73
    {"Default IRC Server", K::kIpList},  // 74
    {"StreetTalk Server", K::kIpList},  // 75
    {"StreetTalk Directory Assistance Server", K::kIpList},  // 76
    {"User Class Information", K::kOther},  // 77
    {"Directory Agent Information", K::kOther},  // 78
    {"Service Location Agent Scope", K::kOther},  // 79
    {"Rapid commit", K::kOther},  // 80
    {"Client Fully Qualified Domain Name", K::kOther},  // 81
    {"Agent Information Option", K::kOther},  // 82
    {"iSNS", K::kOther},  // 83
    {"Removed/Unassigned", K::kOther},  // 84
    {"Novell Directory Services Servers", K::kOther},  // 85
    {"Novell Directory Services Tree Name", K::kStr},  // 86
    {"Novell Directory Services Context", K::kStr},  // 87
    {"BCMCS Controller Domain Name [TODO:RFC4280]", K::kOther},  // 88
    {"BCMCS Controller IPv4 address [TODO:RFC4280]", K::kOther},  // 89
    {"Authentication", K::kOther},  // 90
    {"Client last transaction time", K::kU32},  // 91
    {"Associated IP option", K::kIpList},  // 92
    {"Client System Architecture", K::kOther},  // 93
    {"Client Network Device Interface", K::kOther},  // 94
    {"LDAP [TODO:RFC3679]", K::kOther},  // 95
    {"Removed/Unassigned", K::kOther},  // 96
    {"UUID/GUID-based Client Identifier", K::kOther},  // 97
    {"Open Group's User Authentication [TODO:RFC2485]", K::kOther},  // 98
    {"Civic Addresses Configuration", K::kOther},  // 99
    {"PCode", K::kStr},  // 100
    {"TCode", K::kStr},  // 101
    {"Removed/unassigned", K::kOther},  // 102
    {"Removed/unassigned", K::kOther},  // 103
    {"Removed/unassigned", K::kOther},  // 104
    {"Removed/unassigned", K::kOther},  // 105
    {"Removed/unassigned", K::kOther},  // 106
    {"Removed/unassigned", K::kOther},  // 107
    {"IPv6-Only Preferred", K::kOther},  // 108
    {"Unassigned", K::kOther},  // 109
    {"Removed/Unassigned", K::kOther},  // 110
    {"Unassigned", K::kOther},  // 111
    {"NetInfo Parent Server Address", K::kIpList},  // 112
    {"NetInfo Parent Server Tag", K::kStr},  // 113
    {"DHCP Captive-Portal", K::kOther},  // 114
    {"Removed/Unassigned", K::kOther},  // 115
    {"DHCP Auto-Configuration", K::kU8},  // 116
    {"Name Service Search", K::kOther},  // 117
    {"Subnet Selection Option", K::kIpList},  // 118
    {"Domain Search", K::kOther},  // 119
    {"SIP Servers", K::kOther},  // 120
    {"Classless Static Route", K::kOther},  // 121
    {"CableLabs Client Configuration [TODO:RFC3495]", K::kOther},  // 122
    {"Coordinate-based Location Configuration", K::kOther},  // 123
    {"V-I Vendor Class", K::kOther},  // 124
    {"V-I Vendor-specific Information", K::kOther},  // 125
    {"Removed/Unassigned", K::kOther},  // 126
    {"Removed/Unassigned", K::kOther},  // 127
    {"DOCSIS full security server IP [TODO]", K::kOther},  // 128
    {"PXE - undefined (vendor specific)", K::kOther},  // 129
    {"PXE - undefined (vendor specific)", K::kOther},  // 130
    {"PXE - undefined (vendor specific)", K::kOther},  // 131
    {"PXE - undefined (vendor specific)", K::kOther},  // 132
    {"PXE - undefined (vendor specific)", K::kOther},  // 133
    {"PXE - undefined (vendor specific)", K::kOther},  // 134
    {"PXE - undefined (vendor specific)", K::kOther},  // 135
    {"PANA Authentication Agent", K::kIpList},  // 136
    {"LoST Server Domain Name", K::kStr},  // 137
    {"CAPWAP Access Controllers", K::kIpList},  // 138
    {"IPv4 Address-MoS", K::kOther},  // 139
    {"IPv4 FQDN-MoS", K::kOther},  // 140
    {"SIP UA Configuration Domains", K::kOther},  // 141
    {"IPv4 Address ANDSF", K::kIpList},  // 142
    {"Zerotouch Redirect [TODO: draft-ietf-netconf-zerotouch]", K::kOther},  // 143
    {"Geospatial Location [TODO:RFC6225]", K::kOther},  // 144
    {"Forcerenew Nonce Capable", K::kOther},  // 145
    {"RDNSS Selection", K::kOther},  // 146
    {"Unassigned", K::kOther},  // 147
    {"Unassigned", K::kOther},  // 148
    {"Unassigned", K::kOther},  // 149
    {"TFTP Server Address", K::kIpList},  // 150
    {"Leasequery Status code", K::kOther},  // 151
    {"Leasequery Base Time", K::kOther},  // 152
    {"Leasequery Start Time of State", K::kU32},  // 153
    {"Leasequery Query Start Time", K::kOther},  // 154
    {"Leasequery Query End Time", K::kOther},  // 155
    {"Leasequery Dhcp State", K::kU8},  // 156
    {"Leasequery Data Source", K::kBool},  // 157
    {"PCP Server", K::kOther},  // 158
    {"Portparams", K::kOther},  // 159
    {"Unassigned (ex DHCP Captive-Portal)", K::kOther},  // 160
    {"Manufacturer Usage Description", K::kStr},  // 161
    {"Unassigned", K::kOther},  // 162
    {"Unassigned", K::kOther},  // 163
    {"Unassigned", K::kOther},  // 164
    {"Unassigned", K::kOther},  // 165
    {"Unassigned", K::kOther},  // 166
    {"Unassigned", K::kOther},  // 167
    {"Unassigned", K::kOther},  // 168
    {"Unassigned", K::kOther},  // 169
    {"Unassigned", K::kOther},  // 170
    {"Unassigned", K::kOther},  // 171
    {"Unassigned", K::kOther},  // 172
    {"Unassigned", K::kOther},  // 173
    {"Unassigned", K::kOther},  // 174
    {"Etherboot", K::kOther},  // 175
    {"IP Telephone", K::kOther},  // 176
    {"Etherboot", K::kOther},  // 177
    {"Unassigned", K::kOther},  // 178
    {"Unassigned", K::kOther},  // 179
    {"Unassigned", K::kOther},  // 180
    {"Unassigned", K::kOther},  // 181
    {"Unassigned", K::kOther},  // 182
    {"Unassigned", K::kOther},  // 183
    {"Unassigned", K::kOther},  // 184
    {"Unassigned", K::kOther},  // 185
    {"Unassigned", K::kOther},  // 186
    {"Unassigned", K::kOther},  // 187
    {"Unassigned", K::kOther},  // 188
    {"Unassigned", K::kOther},  // 189
    {"Unassigned", K::kOther},  // 190
    {"Unassigned", K::kOther},  // 191
    {"Unassigned", K::kOther},  // 192
    {"Unassigned", K::kOther},  // 193
    {"Unassigned", K::kOther},  // 194
    {"Unassigned", K::kOther},  // 195
    {"Unassigned", K::kOther},  // 196
    {"Unassigned", K::kOther},  // 197
    {"Unassigned", K::kOther},  // 198
    {"Unassigned", K::kOther},  // 199
    {"Unassigned", K::kOther},  // 200
    {"Unassigned", K::kOther},  // 201
    {"Unassigned", K::kOther},  // 202
    {"Unassigned", K::kOther},  // 203
    {"Unassigned", K::kOther},  // 204
    {"Unassigned", K::kOther},  // 205
    {"Unassigned", K::kOther},  // 206
    {"Unassigned", K::kOther},  // 207
    {"PXELINUX Magic", K::kOther},  // 208
    {"PXE Configuration file", K::kStr},  // 209
    {"PXE Path Prefix", K::kStr},  // 210
    {"Reboot Time", K::kOther},  // 211
    {"6RD", K::kOther},  // 212
    {"V4 Access Domain", K::kOther},  // 213
    {"Unassigned", K::kOther},  // 214
    {"Unassigned", K::kOther},  // 215
    {"Unassigned", K::kOther},  // 216
    {"Unassigned", K::kOther},  // 217
    {"Unassigned", K::kOther},  // 218
    {"Unassigned", K::kOther},  // 219
    {"Subnet Allocation", K::kOther},  // 220
    {"Virtual Subnet Selection", K::kOther},  // 221
    {"Unassigned", K::kOther},  // 222
    {"Unassigned", K::kOther},  // 223
    {"Private", K::kOther},  // 224
    {"Private", K::kOther},  // 225
    {"Private", K::kOther},  // 226
    {"Private", K::kOther},  // 227
    {"Private", K::kOther},  // 228
    {"Private", K::kOther},  // 229
    {"Private", K::kOther},  // 230
    {"Private", K::kOther},  // 231
    {"Private", K::kOther},  // 232
    {"Private", K::kOther},  // 233
    {"Private", K::kOther},  // 234
    {"Private", K::kOther},  // 235
    {"Private", K::kOther},  // 236
    {"Private", K::kOther},  // 237
    {"Private", K::kOther},  // 238
    {"Private", K::kOther},  // 239
    {"Private", K::kOther},  // 240
    {"Private", K::kOther},  // 241
    {"Private/Avaya IP Telephone", K::kOther},  // 242
    {"Private", K::kOther},  // 243
    {"Private", K::kOther},  // 244
    {"Private", K::kOther},  // 245
    {"Private", K::kOther},  // 246
    {"Private", K::kOther},  // 247
    {"Private", K::kOther},  // 248
    {"Private/Classless Static Route (Microsoft)", K::kOther},  // 249
    {"Private", K::kOther},  // 250
    {"Private", K::kOther},  // 251
    {"Private/Proxy autodiscovery", K::kStr},  // 252
    {"Private", K::kOther},  // 253
    {"Private", K::kOther},  // 254
    {"End", K::kOther},  // 255
      // clang-format on
  };
  return kOptions[code];
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

int dhcp_layers(Bytes message, std::size_t reported, bool& exact) {
  exact = true;
  const DhcpScan s = dhcp_scan(message, reported);
  if (!s.header_read) return 0;
  if (!s.vendor_class) return 1;
  const std::string_view id(reinterpret_cast<const char*>(s.vendor_class_id.data()),
                            s.vendor_class_id.size());
  if (id.substr(0, 6) == "docsis" || id.substr(0, 4) == "pktc") exact = false;
  if (!s.vendor_info) return 1;
  const DhcpVendor43 v = dhcp_vendor43(s);
  if (v != DhcpVendor43::kNone && v != DhcpVendor43::kOther) return 2;  // its own layer
  exact = false;  // another vendor's option 43 dissector may take it
  return 1;
}

DhcpVendor43 dhcp_vendor43(const DhcpScan& s) {
  if (!s.vendor_class) return DhcpVendor43::kNone;
  const std::string_view id(reinterpret_cast<const char*>(s.vendor_class_id.data()),
                            s.vendor_class_id.size());
  if (id.substr(0, 9) == "PXEClient") return DhcpVendor43::kPxe;
  if (id.substr(0, 7) == "ArubaAP") return DhcpVendor43::kArubaAp;
  if (id.substr(0, 14) == "ArubaInstantAP") return DhcpVendor43::kArubaIap;
  if (id.substr(0, 8) == "alcatel.") return DhcpVendor43::kAlu;
  return DhcpVendor43::kOther;
}

const char* dhcp_vendor43_name(DhcpVendor43 v) {
  switch (v) {
    case DhcpVendor43::kPxe:
      return "PXEClient";
    case DhcpVendor43::kArubaAp:
      return "Aruba AP";
    case DhcpVendor43::kArubaIap:
      return "Aruba Instant AP";
    case DhcpVendor43::kAlu:
      return "Alcatel-Lucent";
    default:
      return nullptr;
  }
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

namespace sockscope::capture {
namespace {

// Appends the pieces (GCC 12 warns wrongly on chains of std::string operator+).
void put(std::string& out, std::initializer_list<std::string_view> pieces) {
  for (std::string_view s : pieces) out.append(s);
}

std::string ip_text(Bytes v, std::size_t i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", at(v, i), at(v, i + 1), at(v, i + 2), at(v, i + 3));
  return buf;
}

std::string hex_text(Bytes v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) append_hex_byte(s, at(v, i), false);
  return s;
}

std::string mac_text(Bytes v, std::size_t i) {
  std::string mac;
  std::array<std::uint8_t, 6> b{};
  for (std::size_t k = 0; k < 6; ++k) {
    b[k] = at(v, i + k);
    append_hex_byte(mac, b[k], k > 0);
  }
  const std::string name = net::MacNames::system().name(b);
  std::string out;
  put(out, {name.empty() ? mac : name, " (", mac, ")"});
  return out;
}

// A byte string as tshark shows it: hex, cut after 36 bytes with an ellipsis.
std::string bytes_text(Bytes v) {
  if (v.size() <= 36) return hex_text(v);
  std::string out = hex_text(v.first(36));
  out.append("\u2026");
  return out;
}

// One of tshark's expert items: the item, then its text, severity and group beneath.
void expert(std::string& out, const std::string& pad, std::string_view severity,
            std::string_view group, std::string_view what) {
  put(out, {pad,      "[Expert Info (",
            severity, "/",
            group,    "): ",
            what,     "]\n",
            pad,      "    [",
            what,     "]\n",
            pad,      "    [Severity level: ",
            severity, "]\n",
            pad,      "    [Group: ",
            group,    "]\n"});
}

// Wireshark's names of ARP hardware types (arp_hrd_vals), for the htype field.
const char* hardware_type_name(std::uint8_t t) {
  static const char* const kNames[] = {"NET/ROM pseudo",
                                       "Ethernet",
                                       "Experimental Ethernet",
                                       "AX.25",
                                       "ProNET",
                                       "Chaos",
                                       "IEEE 802",
                                       "ARCNET",
                                       "Hyperchannel",
                                       "Lanstar",
                                       "Autonet Short Address",
                                       "Localtalk",
                                       "LocalNet",
                                       "Ultra link",
                                       "SMDS",
                                       "Frame Relay DLCI",
                                       "ATM",
                                       "HDLC",
                                       "Fibre Channel",
                                       "ATM (RFC 2225)",
                                       "Serial Line",
                                       "ATM",
                                       "MIL-STD-188-220",
                                       "Metricom STRIP",
                                       "IEEE 1394.1995",
                                       "MAPOS",
                                       "Twinaxial",
                                       "EUI-64",
                                       "HIPARP",
                                       "IP and ARP over ISO 7816-3",
                                       "ARPSec",
                                       "IPsec tunnel",
                                       "InfiniBand",
                                       "TIA-102 Project 25 CAI",
                                       "Wiegand Interface",
                                       "Pure IP",
                                       "Experimental 1",
                                       "HFI"};
  return t < sizeof kNames / sizeof kNames[0] ? kNames[t] : "Unknown";
}

// The length a basic kind wants, for tshark's "length isn't N" (0: any length).
std::size_t wanted_length(DhcpOptKind k) {
  switch (k) {
    case DhcpOptKind::kIp:
    case DhcpOptKind::kU32:
    case DhcpOptKind::kI32:
      return 4;
    case DhcpOptKind::kU16:
      return 2;
    case DhcpOptKind::kU8:
    case DhcpOptKind::kBool:
      return 1;
    default:
      return 0;
  }
}

// Text up to the first NUL as tshark shows it (format_text): C escapes for control
// characters ("\n", "\005"), valid UTF-8 as is, any other byte as U+FFFD.
std::string text(Bytes v, std::size_t from, std::size_t len) {
  std::string s;
  const std::size_t end = std::min(from + len, v.size());
  for (std::size_t i = from; i < end && at(v, i) != 0;) {
    const std::uint8_t b = at(v, i);
    if (b < 0x80) {
      static const char kEscapes[] = "abtnvfr";  // \a .. \r are 7 .. 13
      if (b >= 7 && b <= 13) {
        s.push_back('\\');
        s.push_back(kEscapes[b - 7]);
      } else if (b == '\\') {
        s.append("\\\\");
      } else if (b < 0x20 || b == 0x7f) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\%03o", b);
        s.append(buf);
      } else {
        s.push_back(static_cast<char>(b));
      }
      ++i;
      continue;
    }
    // a UTF-8 sequence: its length from the lead byte, continuation bytes 10xxxxxx
    const std::size_t n = b >= 0xc2 && b <= 0xdf   ? 2
                          : b >= 0xe0 && b <= 0xef ? 3
                          : b >= 0xf0 && b <= 0xf4 ? 4
                                                   : 0;
    bool ok = n != 0 && i + n <= end;
    for (std::size_t k = 1; ok && k < n; ++k) ok = (at(v, i + k) & 0xc0) == 0x80;
    if (ok) {
      s.append(reinterpret_cast<const char*>(v.data()) + i, n);
      i += n;
    } else {
      s.append("\xef\xbf\xbd");
      ++i;
    }
  }
  return s;
}

// What the option walk tells the tree's other lines: the title's " (ACK)" suffixes (one
// per option 53, as tshark appends them) and whether option 43 is PXE's.
struct TreeContext {
  std::string title;
  const char* vendor43 = nullptr;  // dhcp_vendor43_name
};

// Option 53's value as tshark's tree names it: "Unknown" outside its table.
std::string type_value_name(std::uint8_t t) {
  return t >= 1 && t <= 18 ? dhcp_type_name(t) : "Unknown";
}

void option_lines(std::string& out, const DhcpOption& o, const std::string& pad, TreeContext& c) {
  const std::string in = pad + "    ";
  if (o.pad) {
    put(out, {pad, "Option: (0) Padding\n", in, "Padding: ", hex_text(o.value), "\n"});
    return;
  }
  if (o.end) {
    put(out, {pad, "Option: (255) End\n", in, "Option End: 255\n"});
    return;
  }
  const DhcpOptInfo& info = dhcp_option_info(o.code);
  const Bytes v = o.value;
  const bool whole = o.value.size() == o.length;
  put(out, {pad, "Option: (", std::to_string(o.code), ") ", info.name});
  if (o.code == 53 && whole && o.length >= 1) {
    put(out, {" (", dhcp_type_name(at(v, 0)), ")"});
    put(c.title, {" (", dhcp_type_name(at(v, 0)), ")"});
  }
  if (o.code == 43 && c.vendor43 != nullptr) put(out, {" (", c.vendor43, ")"});
  if (info.kind == DhcpOptKind::kIp && whole && o.length == 4) put(out, {" (", ip_text(v, 0), ")"});
  put(out, {"\n", in, "Length: ", std::to_string(o.length), "\n"});
  if (!whole) return;
  const std::size_t len = v.size();
  auto line = [&](const std::string& label, const std::string& value) {
    put(out, {in, label, ": ", value, "\n"});
  };
  if (const std::size_t want = wanted_length(info.kind); want != 0 && len != want) {
    line("Value", len == 0 ? "<MISSING>" : bytes_text(v));
    expert(out, in, "Error", "Protocol", "length isn't " + std::to_string(want));
    return;
  }
  if (o.code == 81 && len < 3) {
    expert(out, in, "Error", "Protocol", "length isn't >= 3");
    return;
  }
  switch (info.kind) {
    case DhcpOptKind::kIp:
      if (len == 4) line(info.name, ip_text(v, 0));
      return;
    case DhcpOptKind::kIpList:
      for (std::size_t i = 0; i + 4 <= len; i += 4) line(info.name, ip_text(v, i));
      if (len % 4 != 0) expert(out, in, "Error", "Protocol", "Option length isn't a multiple of 4");
      return;
    case DhcpOptKind::kStr:
      line(info.name, text(v, 0, len));
      return;
    case DhcpOptKind::kBool:
      if (len == 1) line(info.name, at(v, 0) ? "Enabled" : "Disabled");
      return;
    case DhcpOptKind::kU8:
      if (len == 1) line(info.name, std::to_string(at(v, 0)));
      return;
    case DhcpOptKind::kU16:
      if (len == 2) line(info.name, std::to_string(at(v, 0) << 8 | at(v, 1)));
      return;
    case DhcpOptKind::kU16List:
      for (std::size_t i = 0; i + 2 <= len; i += 2)
        line(std::string(info.name).append(" Item"), std::to_string(at(v, i) << 8 | at(v, i + 1)));
      return;
    case DhcpOptKind::kU32:
    case DhcpOptKind::kI32:
      if (len == 4) {
        const std::uint32_t u = u32_at(v, 0);
        std::string value = "(";
        value.append(info.kind == DhcpOptKind::kI32 ? std::to_string(static_cast<std::int32_t>(u))
                                                    : std::to_string(u));
        value.append("s)");
        line(info.name, value);
      }
      return;
    case DhcpOptKind::kOther:
      break;
  }
  switch (o.code) {
    case 53:
      if (len >= 1) {
        std::string value;
        put(value, {type_value_name(at(v, 0)), " (", std::to_string(at(v, 0)), ")"});
        line("DHCP", value);
      }
      return;
    case 55:
      for (std::size_t i = 0; i < len; ++i) {
        std::string value;
        put(value, {"(", std::to_string(at(v, i)), ") ", dhcp_option_info(at(v, i)).name});
        line("Parameter Request List Item", value);
      }
      return;
    case 61:
      if (len == 7 && (at(v, 0) == 1 || at(v, 0) == 6)) {
        line("Hardware type", at(v, 0) == 1 ? "Ethernet (0x01)" : "IEEE 802 (0x06)");
        line("Client MAC address", mac_text(v, 1));
      } else if (len > 1 && at(v, 0) == 0) {
        line("Type", "0");
        line("Client Identifier", text(v, 1, len - 1));
      } else if (len > 0) {
        line("Value", hex_text(v));
      }
      return;
    case 82:
      for (std::size_t i = 0; i + 2 <= len && i + 2u + at(v, i + 1) <= len;
           i += 2u + at(v, i + 1)) {
        const Bytes sv = v.subspan(i + 2, at(v, i + 1));
        put(out, {in, "Option 82 Suboption: (", std::to_string(at(v, i)), ")\n", in, "    Length: ",
                  std::to_string(sv.size()), "\n", in, "    Value: ", hex_text(sv), "\n"});
      }
      return;
    default:
      line("Value", len == 0 ? "<MISSING>" : bytes_text(v));
  }
  if (o.code == 121)  // the first route whose mask width is past 32 ends the walk
    for (std::size_t off = 0; off < len;) {
      const std::size_t mw = at(v, off);
      if (mw > 32) {
        expert(out, in, "Error", "Protocol", "Mask width (" + std::to_string(mw) + ") > 32");
        break;
      }
      off += 1 + (mw + 7) / 8 + 4;
    }
  if (o.code == 124 || o.code == 125) {  // bytes after the last block, too few for another
    std::size_t off = 0;
    while (off + 5 <= len && off + 5u + at(v, off + 4) <= len) off += 5u + at(v, off + 4);
    if (off < len && len - off < 5) expert(out, in, "Error", "Protocol", "length < 5");
  }
}

}  // namespace

namespace {

void detail_body(std::string& out, Bytes m, std::size_t reported, const DhcpScan& s,
                 TreeContext& c) {
  // (each fixed field only when its bytes are there: tshark's tree stops at the first
  // one that is not, and the exception item follows)
  if (!s.header_read) return;
  const std::uint8_t op = at(m, 0), htype = at(m, 1), hlen = at(m, 2);
  char buf[160];
  std::snprintf(buf, sizeof buf, "    Message type: %s (%u)\n",
                op == 1   ? "Boot Request"
                : op == 2 ? "Boot Reply"
                          : "Unknown",
                op);
  out += buf;
  std::snprintf(buf, sizeof buf, "    Hardware type: %s (0x%02x)\n", hardware_type_name(htype),
                htype);
  out += buf;
  put(out, {"    Hardware address length: ", std::to_string(hlen), "\n"});
  if (m.size() < 4) return;
  put(out, {"    Hops: ", std::to_string(at(m, 3)), "\n"});
  if (m.size() < 8) return;
  std::snprintf(buf, sizeof buf, "    Transaction ID: 0x%08x\n", u32_at(m, 4));
  out += buf;
  if (m.size() < 10) return;
  // seconds: 1..255 read little-endian are taken as a little-endian encoding
  const unsigned secs_le = at(m, 8) | at(m, 9) << 8;
  const bool le = secs_le > 0 && secs_le <= 0xff;
  put(out, {"    Seconds elapsed: ",
            std::to_string(le ? secs_le : static_cast<unsigned>(at(m, 8) << 8 | at(m, 9))), "\n"});
  if (le)
    expert(out, "        ", "Note", "Protocol",
           "Seconds elapsed appears to be encoded as little-endian");
  if (m.size() < 12) return;
  const unsigned flags = at(m, 10) << 8 | at(m, 11);
  std::snprintf(buf, sizeof buf, "    Bootp flags: 0x%04x%s\n", flags,
                (flags & 0x8000) != 0 ? ", Broadcast flag (Broadcast)" : " (Unicast)");
  out += buf;
  // the two bit lines: "0... .... .... .... = Broadcast flag: Unicast", then the other 15
  out += (flags & 0x8000) != 0 ? "        1... .... .... .... = Broadcast flag: Broadcast\n"
                               : "        0... .... .... .... = Broadcast flag: Unicast\n";
  char bits[32] = "        .";
  std::size_t k = 9;
  for (int b = 14; b >= 0; --b) {
    bits[k++] = (flags >> b & 1) != 0 ? '1' : '0';
    if (b % 4 == 0 && b > 0) bits[k++] = ' ';
  }
  bits[k] = '\0';
  std::snprintf(buf, sizeof buf, "%s = Reserved flags: 0x%04x\n", bits, flags & 0x7fff);
  out += buf;
  static const char* const kIps[] = {"Client IP address", "Your (client) IP address",
                                     "Next server IP address", "Relay agent IP address"};
  for (std::size_t i = 0; i < 4; ++i) {
    if (m.size() < 16 + 4 * i) return;
    put(out, {"    ", kIps[i], ": ", ip_text(m, 12 + 4 * i), "\n"});
  }
  const bool mac = (htype == 1 || htype == 6) && hlen == 6;
  if (m.size() >= 34 && mac)
    put(out, {"    Client MAC address: ", mac_text(m, 28), "\n"});
  else if (hlen > 0 && hlen <= 16 && m.size() >= 28u + hlen)
    put(out, {"    Client hardware address: ", hex_text(m.subspan(28, hlen)), "\n"});
  const std::size_t used = mac ? 6 : std::min<std::size_t>(hlen, 16);
  if (hlen == 0 || hlen > 16) {
    out += "    Client address not given\n";
    expert(out, "        ", "Note", "Protocol", "Client address not given");
  } else if (used < 16 && m.size() >= 44) {
    put(out,
        {"    Client hardware address padding: ", hex_text(m.subspan(28 + used, 16 - used)), "\n"});
  }
  for (int field = 0; field < 2; ++field) {
    const std::size_t from = field == 0 ? 44 : 108, len = field == 0 ? 64 : 128;
    if (m.size() < from + len) return;
    const char* label = field == 0 ? "Server host name" : "Boot file name";
    if ((s.overload & (field == 0 ? 2 : 1)) != 0) {
      const char* what = field == 0 ? "Server name option overloaded by DHCP"
                                    : "Boot file name option overloaded by DHCP";
      put(out, {"    ", what, "\n"});
      expert(out, "        ", "Note", "Protocol", what);
    } else if (at(m, from) == 0)
      put(out, {"    ", label, " not given\n"});
    else
      put(out, {"    ", label, ": ", text(m, from, len), "\n"});
  }
  if (!s.cookie) {
    if (m.size() >= kDhcpFixedLen + 64)
      put(out,
          {"    Bootp vendor specific options: ", bytes_text(m.subspan(kDhcpFixedLen, 64)), "\n"});
  } else {
    out += "    Magic cookie: DHCP\n";
  }
  DhcpOptions options(m, reported);
  DhcpOption o;
  while (options.next(o)) {
    option_lines(out, o, "    ", c);
    if (o.code != 52 || o.value.size() != o.length || o.length < 1 || s.overload < 1 ||
        s.overload > 3)
      continue;
    // the overloaded fields' options, under option 52 (sname first)
    for (int field = 0; field < 2; ++field) {
      if ((at(o.value, 0) & (field == 0 ? 2 : 1)) == 0) continue;
      out += field == 0 ? "        Server host name option overload\n"
                        : "        Boot file name option overload\n";
      for (const DhcpOption& a :
           dhcp_area_options(m, field == 0 ? 44 : 108, field == 0 ? 108 : kDhcpFixedLen))
        option_lines(out, a, "            ", c);
    }
  }
  bool end = false;
  std::size_t pos = s.options_at;
  for (DhcpOptions again(m, reported); !end && again.next(o);) {
    end = o.end;
    pos += o.pad ? o.value.size() : o.end ? 1 : 2u + o.length;
  }
  if (end && pos < m.size() && m.size() >= reported)  // what follows End
    put(out, {"    Padding: ", bytes_text(m.subspan(pos)), "\n"});
  // (no complaint for a cookie with nothing after it, nor after a malformed option)
  if (s.cookie && !end && reported > s.options_at && !s.malformed && !s.capture_cut)
    expert(out, "    ", "Error", "Protocol", "End option missing");
}

}  // namespace

std::string dhcp_detail(Bytes m, std::size_t reported, bool quoted) {
  const DhcpScan s = dhcp_scan(m, reported);
  std::string body;
  TreeContext c;
  c.vendor43 = dhcp_vendor43_name(dhcp_vendor43(s));
  // (the first pass threw, at a zero-length option 53 ending the message or at the snap
  // length: an empty tree)
  if (!s.type_cut && !s.first_pass_cut) detail_body(body, m, reported, s, c);
  std::string out;
  // (the Info column's reads threw before the tree: no tree at all)
  if (s.header_read) put(out, {"Dynamic Host Configuration Protocol", c.title, "\n", body});
  if (s.malformed && !quoted)  // tshark's exception item, after the DHCP tree
    out +=
        "[Malformed Packet: DHCP/BOOTP]\n"
        "    [Expert Info (Error/Malformed): Malformed Packet (Exception occurred)]\n"
        "        [Malformed Packet (Exception occurred)]\n"
        "        [Severity level: Error]\n"
        "        [Group: Malformed]\n";
  return out;
}

}  // namespace sockscope::capture
