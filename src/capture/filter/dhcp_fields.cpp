// The dhcp.* display-filter fields, as Wireshark 4.0 adds them: the fixed header's fields
// when their bytes are there, the options of the tree walk (dhcp.h's DhcpOptions) up to
// End or the first option cut short.
#include "capture/dissect/dhcp.h"
#include "capture/filter/fields.h"

#include <netinet/in.h>

namespace sockscope::capture::filter {
namespace {

using enum FieldId;

std::uint8_t at(Bytes m, std::size_t i) {
  return static_cast<std::uint8_t>(m[i]);
}

std::uint64_t be(Bytes m, std::size_t at_, std::size_t len) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < len; ++i) v = (v << 8) | at(m, at_ + i);
  return v;
}

net::IpAddress ipv4_at(Bytes m, std::size_t i) {
  net::IpAddress a;
  a.family = AF_INET;
  for (int k = 0; k < 4; ++k) a.bytes[k] = at(m, i + static_cast<std::size_t>(k));
  return a;
}

// A fixed-header field: its offset and width.
bool fixed(FieldId id, std::size_t& offset, std::size_t& width) {
  switch (id) {
    case kDhcpType:
      offset = 0, width = 1;
      return true;
    case kDhcpHwType:
      offset = 1, width = 1;
      return true;
    case kDhcpHwLen:
      offset = 2, width = 1;
      return true;
    case kDhcpHops:
      offset = 3, width = 1;
      return true;
    case kDhcpId:
      offset = 4, width = 4;
      return true;
    case kDhcpSecs:
      offset = 8, width = 2;
      return true;
    case kDhcpFlags:
    case kDhcpFlagBc:
      offset = 10, width = 2;
      return true;
    case kDhcpIpClient:
      offset = 12, width = 4;
      return true;
    case kDhcpIpYour:
      offset = 16, width = 4;
      return true;
    case kDhcpIpServer:
      offset = 20, width = 4;
      return true;
    case kDhcpIpRelay:
      offset = 24, width = 4;
      return true;
    case kDhcpHwMacAddr:
      offset = 28, width = 6;
      return true;
    default:
      return false;
  }
}

// The option code a field reads (0: not an option-value field).
int option_code(FieldId id) {
  switch (id) {
    case kDhcpOptionDhcp:
      return 53;
    case kDhcpOptionRequestedIp:
      return 50;
    case kDhcpOptionServerId:
      return 54;
    case kDhcpOptionLeaseTime:
      return 51;
    case kDhcpOptionRenewalTime:
      return 58;
    case kDhcpOptionRebindingTime:
      return 59;
    case kDhcpOptionSubnetMask:
      return 1;
    case kDhcpOptionRouter:
      return 3;
    case kDhcpOptionDnsServer:
      return 6;
    case kDhcpOptionBroadcast:
      return 28;
    case kDhcpOptionHostname:
      return 12;
    case kDhcpOptionDomainName:
      return 15;
    case kDhcpOptionVendorClassId:
      return 60;
    case kDhcpOptionMaxMessageSize:
      return 57;
    case kDhcpOptionRequestListItem:
      return 55;
    default:
      return 0;
  }
}

// One option's values for the field, written while there is room (`cap`); returns the
// new count, which goes on past `cap`.
int option_values(FieldId id, const DhcpOption& o, Value* out, int n, int cap) {
  const Bytes v = o.value;
  const std::size_t len = v.size();
  if (len != o.length) return n;  // cut short: no value
  switch (id) {
    case kDhcpOptionDhcp:
      if (len >= 1 && n < cap) out[n].u = at(v, 0);
      return len >= 1 ? n + 1 : n;
    case kDhcpOptionRequestedIp:
    case kDhcpOptionServerId:
    case kDhcpOptionSubnetMask:
    case kDhcpOptionBroadcast:
      if (len == 4 && n < cap) out[n].ip = ipv4_at(v, 0);
      return len == 4 ? n + 1 : n;
    case kDhcpOptionRouter:
    case kDhcpOptionDnsServer:
      for (std::size_t i = 0; i + 4 <= len; i += 4, ++n)
        if (n < cap) out[n].ip = ipv4_at(v, i);
      return n;
    case kDhcpOptionLeaseTime:
    case kDhcpOptionRenewalTime:
    case kDhcpOptionRebindingTime:
      if (len == 4 && n < cap) out[n].u = be(v, 0, 4);
      return len == 4 ? n + 1 : n;
    case kDhcpOptionMaxMessageSize:
      if (len == 2 && n < cap) out[n].u = be(v, 0, 2);
      return len == 2 ? n + 1 : n;
    case kDhcpOptionHostname:
    case kDhcpOptionDomainName:
    case kDhcpOptionVendorClassId: {
      std::size_t end = 0;                         // an empty option is an empty string
      while (end < len && at(v, end) != 0) ++end;  // FT_STRINGZ: up to the first NUL
      if (n < cap) out[n].s = std::string_view(reinterpret_cast<const char*>(v.data()), end);
      return n + 1;
    }
    case kDhcpOptionRequestListItem:
      for (std::size_t i = 0; i < len; ++i, ++n)
        if (n < cap) out[n].u = at(v, i);
      return n;
    default:
      return n;
  }
}

}  // namespace

int dhcp_field_values(FieldId id, const Packet& p, Value* out, int cap) {
  if (!is_dhcp(p)) return 0;
  const Bytes m = p.payload;
  const DhcpScan s = dhcp_scan(m, p.payload_len);
  if (!s.has_fields()) return 0;
  std::size_t offset = 0, width = 0;
  if (id == kDhcpHwType || id == kDhcpHwMacAddr) {
    // chaddr's, then the Ethernet address of each option 61 (Client identifier) of
    // hardware type 1 and 7 bytes, which Wireshark shows with the same two fields
    int n = 0;
    const std::uint8_t htype = m.size() >= 2 ? at(m, 1) : 0;
    const bool mac = (htype == 1 || htype == 6) && m.size() >= 34 && at(m, 2) == 6;
    if (id == kDhcpHwType && m.size() >= 2) out[n++].u = htype;
    if (id == kDhcpHwMacAddr && mac) {
      for (int k = 0; k < 6; ++k) out[n].mac[k] = at(m, 28 + static_cast<std::size_t>(k));
      ++n;
    }
    if (m.size() < kDhcpFixedLen) return n;
    DhcpOptions options(m, p.payload_len);
    DhcpOption o;
    while (options.next(o)) {
      if (o.code != 61 || o.value.size() != 7 || o.length != 7 || at(o.value, 0) != 1) continue;
      if (n < cap) {
        if (id == kDhcpHwType) out[n].u = 1;
        for (int k = 0; id == kDhcpHwMacAddr && k < 6; ++k)
          out[n].mac[k] = at(o.value, 1 + static_cast<std::size_t>(k));
      }
      ++n;
    }
    return n;
  }
  if (fixed(id, offset, width)) {
    if (m.size() < offset + width) return 0;
    if (width == 4 && id != kDhcpId) {
      out[0].ip = ipv4_at(m, offset);
      return 1;
    }
    std::uint64_t v = be(m, offset, width);
    if (id == kDhcpSecs) {
      // Wireshark takes 1..255 read little-endian as a little-endian encoding
      const std::uint64_t le = at(m, 8) | (std::uint64_t{at(m, 9)} << 8);
      if (le > 0 && le <= 0xff) v = le;
    }
    if (id == kDhcpFlagBc) v >>= 15;
    out[0].u = v;
    return 1;
  }
  if (id == kDhcpBootp) {
    if (s.message_type >= 0 || m.size() < kDhcpFixedLen) return 0;
    out[0].u = 1;
    return 1;
  }
  if (id == kDhcpCookie) {
    if (!s.cookie) return 0;
    out[0].ip = ipv4_at(m, kDhcpCookieAt);
    return 1;
  }
  if (m.size() < kDhcpFixedLen) return 0;
  DhcpOptions options(m, p.payload_len);
  DhcpOption o;
  const int code = option_code(id);
  int n = 0;
  auto put = [&](std::uint64_t v) {
    if (n < cap) out[n].u = v;
    ++n;
  };
  while (options.next(o)) {
    switch (id) {
      case kDhcpOptionType:
        put(o.code);  // Pad runs and End show 0
        break;
      case kDhcpOptionLength:
        if (o.has_length) put(o.length);
        break;
      case kDhcpOptionEnd:
        if (o.end) put(255);
        break;
      default:
        if (code != 0 && o.has_length && o.code == code) n = option_values(id, o, out, n, cap);
    }
  }
  return n;
}

std::uint64_t dhcp_field_max(FieldId id) {
  switch (id) {
    case kDhcpId:
    case kDhcpOptionLeaseTime:
    case kDhcpOptionRenewalTime:
    case kDhcpOptionRebindingTime:
      return 0xffffffff;
    case kDhcpSecs:
    case kDhcpFlags:
    case kDhcpOptionMaxMessageSize:
      return 0xffff;
    case kDhcpBootp:
    case kDhcpFlagBc:
      return UINT64_MAX;  // booleans: any value is taken as true
    default:
      return 0xff;
  }
}

}  // namespace sockscope::capture::filter
