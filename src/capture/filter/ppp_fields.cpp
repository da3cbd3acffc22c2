// The ppp, lcp, ipcp, pap and chap display-filter fields, as Wireshark 4.0's packet-ppp.c
// adds them for PPP inside GRE: the header's address/control (absent when compressed)
// and protocol; LCP and IPCP share ppp.code/identifier/length and the lcp.* fields of
// each code's data; the configuration options' type, length and common values; PAP's
// and CHAP's own code, identifier, length and data fields. Read from Packet::ppp.
#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <string>

#include "capture/dissect/ppp.h"
#include "capture/filter/fields.h"

namespace sockscope::capture::filter {
namespace {

using enum FieldId;

std::uint8_t at(Bytes m, std::size_t i) {
  return static_cast<std::uint8_t>(m[i]);
}

std::uint64_t be(Bytes m, std::size_t from, std::size_t len) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < len; ++i) v = (v << 8) | at(m, from + i);
  return v;
}

// A string field's value as Wireshark reads it (ASCII: a byte above 0x7f is U+FFFD).
// Plain ASCII stays a view into the packet; the rest is converted into one of a few
// buffers, enough for the fields one comparison reads at a time.
std::string_view text(Bytes b) {
  std::string_view raw(reinterpret_cast<const char*>(b.data()), b.size());
  bool ascii = true;
  for (char c : raw) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) return raw;
  thread_local std::array<std::string, 4> buffers;
  thread_local std::size_t next = 0;
  std::string& s = buffers[next++ % buffers.size()];
  s.clear();
  for (char c : raw)
    if (static_cast<unsigned char>(c) < 0x80)
      s.push_back(c);
    else
      s.append("\xef\xbf\xbd");
  return s;
}

bool carries(const Packet& p, std::uint16_t protocol) {
  return p.has(kProtoPpp) && p.ppp.has_protocol && p.ppp.protocol == protocol;
}

bool lcp_like(const Packet& p) {
  return p.has(kProtoPpp) && p.ppp.has_protocol && ppp_is_lcp_like(p.ppp.protocol);
}

// Writes one value when there is room; returns the new count.
int put(Value* out, int n, int cap, std::uint64_t v) {
  if (n < cap) out[n].u = v;
  return n + 1;
}
int put_str(Value* out, int n, int cap, std::string_view s) {
  if (n < cap) out[n].s = s;
  return n + 1;
}
int put_ipv4(Value* out, int n, int cap, Bytes b) {
  if (n < cap) {
    out[n].ip = net::IpAddress{};
    out[n].ip.family = AF_INET;
    for (int k = 0; k < 4; ++k) out[n].ip.bytes[k] = at(b, static_cast<std::size_t>(k));
  }
  return n + 1;
}

// IPV6CP's IPv6-Compression-Protocol option (2) is dissected by IPCP's compression
// dissector in Wireshark 4.0, so it gives ipcp.opt.type and ipcp.opt.length.
int option_values(FieldId id, const Packet& p, Bytes d, Value* out, int cap) {
  const bool for_lcp = id >= kLcpOptType && id <= kLcpOptMagicNumber;
  const bool ipv6cp = !for_lcp && p.ppp.protocol == kPppIpv6cp;
  if (p.ppp.protocol != (for_lcp ? kPppLcp : kPppIpcp) && !ipv6cp) return 0;
  int n = 0;
  for_each_ppp_option(p.ppp.protocol, d, [&](const PppOption& o) {
    const std::uint8_t type = o.type, len = o.len;
    const Bytes v = o.value;
    if (!(ipv6cp ? type == 2 : o.rule.shown)) return;
    switch (id) {
      case kLcpOptType:
      case kIpcpOptType:
        n = put(out, n, cap, type);
        break;
      case kLcpOptLength:
      case kIpcpOptLength:
        n = put(out, n, cap, len);
        break;
      case kLcpOptMru:
        if (type == 1 && v.size() == 2) n = put(out, n, cap, be(v, 0, 2));
        break;
      case kLcpOptAsyncmap:
        if (type == 2 && v.size() == 4) n = put(out, n, cap, be(v, 0, 4));
        break;
      case kLcpOptAuthProtocol:
        if (type == 3 && v.size() >= 2) n = put(out, n, cap, be(v, 0, 2));
        break;
      case kLcpOptMagicNumber:
        if (type == 5 && v.size() == 4) n = put(out, n, cap, be(v, 0, 4));
        break;
      case kIpcpOptIpAddress:
        if (type == 3 && v.size() == 4) n = put_ipv4(out, n, cap, v);
        break;
      case kIpcpOptPriDns:
        if (type == 129 && v.size() == 4) n = put_ipv4(out, n, cap, v);
        break;
      case kIpcpOptSecDns:
        if (type == 131 && v.size() == 4) n = put_ipv4(out, n, cap, v);
        break;
      default:
        break;
    }
  });
  return n;
}

int put_bytes(Value* out, int n, int cap, Bytes b) {
  if (n < cap) out[n].s = std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
  return n + 1;
}

// The CCP and IPV6CP configuration options (which are read: option_rule()); the values
// of each kind: OUI (0) ccp.opt.oui/subtype/data; predictors (1, 2), Puddle Jumper (3),
// HP PPC (16), V.42bis (20) their bytes as ccp.opt.data; Stac (17) history count and
// check mode, or a length of 6 (Ascend's form) its bytes as data; MPPE (18) the supported
// bits; Gandalf FZA (19) history and version; BSD (21) version and dictionary; LZS-DCP
// (23) history count, check and process modes; MVRCA (24); DCE (25) mode; Deflate (26)
// window, method, mbz, chk; V.44 (27) mode/dictionary count, dictionary size, history
// length. IPV6CP: the interface identifier (1).
int cp_option_values(FieldId id, const Packet& p, Bytes d, Value* out, int cap) {
  const bool ipv6cp = id >= kIpv6cpOptType && id <= kIpv6cpInterfaceId;
  if (p.ppp.protocol != (ipv6cp ? kPppIpv6cp : kPppCcp)) return 0;
  int n = 0;
  for_each_ppp_option(p.ppp.protocol, d, [&](const PppOption& o) {
    const std::uint8_t type = o.type, len = o.len;
    const Bytes v = o.value;
    if (!o.rule.shown) return;
    auto u = [&](std::uint64_t value) { n = put(out, n, cap, value); };
    const bool ascend_stac = type == 17 && len == 6;
    switch (id) {
      case kCcpOptType:
      case kIpv6cpOptType:
        u(type);
        break;
      case kCcpOptLength:
      case kIpv6cpOptLength:
        u(len);
        break;
      case kIpv6cpInterfaceId:
        n = put_bytes(out, n, cap, v);
        break;
      case kCcpOptOui:
        if (type == 0) u(be(v, 0, 3));
        break;
      case kCcpOptSubtype:
        if (type == 0) u(at(v, 3));
        break;
      case kCcpOptData:
        if (type == 0 && v.size() > 4) n = put_bytes(out, n, cap, v.subspan(4));
        if ((type <= 3 || type == 16 || type == 20) && type != 0 && !v.empty())
          n = put_bytes(out, n, cap, v);
        if (ascend_stac) n = put_bytes(out, n, cap, v);
        break;
      case kCcpOptHistoryCount:
        if ((type == 17 && !ascend_stac) || type == 23) u(be(v, 0, 2));
        break;
      case kCcpOptCm:
      case kCcpOptCmReserved:
      case kCcpOptCmCheckMode:
        if (type == 17 && !ascend_stac) {
          const std::uint8_t cm = at(v, 2);
          u(id == kCcpOptCm ? cm : id == kCcpOptCmReserved ? (cm & 0xf8u) >> 3 : cm & 7u);
        }
        break;
      case kCcpOptSupportedBits:
      case kCcpOptBitH:
      case kCcpOptBitM:
      case kCcpOptBitS:
      case kCcpOptBitL:
      case kCcpOptBitD:
      case kCcpOptBitC: {
        if (type != 18) break;
        const std::uint64_t bits = be(v, 0, 4);
        const std::uint64_t mask = id == kCcpOptBitH   ? 0x01000000
                                   : id == kCcpOptBitM ? 0x80
                                   : id == kCcpOptBitS ? 0x40
                                   : id == kCcpOptBitL ? 0x20
                                   : id == kCcpOptBitD ? 0x10
                                                       : 0x01;
        u(id == kCcpOptSupportedBits ? bits : (bits & mask) != 0);
        break;
      }
      case kCcpOptHistory:
        if (type == 19) u(at(v, 0));
        break;
      case kCcpOptVersion:
        if (type == 19 && v.size() > 1) n = put_bytes(out, n, cap, v.subspan(1));
        break;
      case kCcpOptVd:
      case kCcpOptVdVers:
      case kCcpOptVdDict:
        if (type == 21) {
          const std::uint8_t vd = at(v, 0);
          u(id == kCcpOptVd ? vd : id == kCcpOptVdVers ? vd >> 5 : vd & 0x1fu);
        }
        break;
      case kCcpOptCheckMode:
      case kCcpOptProcessMode:
        if (type == 23) u(at(v, id == kCcpOptCheckMode ? 2 : 3));
        break;
      case kCcpOptFe:
      case kCcpOptP:
      case kCcpOptHistoryBits:
      case kCcpOptContexts:
        if (type == 24) {
          const std::uint8_t b = at(v, 0);
          u(id == kCcpOptFe            ? b >> 6
            : id == kCcpOptP           ? (b >> 5) & 1u
            : id == kCcpOptHistoryBits ? b & 0x1fu
                                       : at(v, 1));
        }
        break;
      case kCcpOptMode:
        if (type == 25) u(at(v, 0));
        break;
      case kCcpOptWindow:
      case kCcpOptMethod:
      case kCcpOptMbz:
      case kCcpOptChk:
        if (type == 26) {
          const std::uint8_t a = at(v, 0), b = at(v, 1);
          u(id == kCcpOptWindow   ? a >> 4
            : id == kCcpOptMethod ? a & 0x0fu
            : id == kCcpOptMbz    ? b >> 2
                                  : b & 3u);
        }
        break;
      case kCcpOptModeDictcount:
        if (type == 27) u(be(v, 0, 2));
        break;
      case kCcpOptDictSize:
        if (type == 27 && v.size() >= 4) u(be(v, 2, 2));
        break;
      case kCcpOptHistoryLength:
        if (type == 27 && v.size() >= 6) u(be(v, 4, 2));
        break;
      default:
        break;
    }
  });
  return n;
}

int lcp_values(FieldId id, const Packet& p, Value* out, int cap) {
  const PppControl c = ppp_control(p.ppp);
  if (!c.ok) return 0;
  const Bytes d = c.data;
  const std::uint8_t code = c.code;
  switch (id) {
    case kPppCode:
      return put(out, 0, cap, code);
    case kPppIdentifier:
      return put(out, 0, cap, c.identifier);
    case kPppLength:
      return put(out, 0, cap, c.length);
    case kLcpMagicNumber:
      return code >= 9 && code <= 13 && d.size() >= 4 ? put(out, 0, cap, be(d, 0, 4)) : 0;
    case kLcpSecsRemaining:
      return code == 13 && d.size() >= 8 ? put(out, 0, cap, be(d, 4, 4)) : 0;
    case kLcpMessage: {
      const Bytes m = code == 12 ? c.part(4) : code == 13 ? c.part(8) : Bytes{};
      return m.empty() ? 0 : put_str(out, 0, cap, text(m));
    }
    case kLcpRejProto:
      return code == 8 && d.size() >= 2 ? put(out, 0, cap, be(d, 0, 2)) : 0;
    default: {  // the options run to the length
      // (the options' item spans them up to the length: cut by the capture, it throws
      // before any option is added)
      if (code < 1 || code > 4 || c.cut()) return 0;
      const Bytes options = d.first(c.declared());
      return id >= kCcpOptType && id <= kIpv6cpInterfaceId
                 ? cp_option_values(id, p, options, out, cap)
                 : option_values(id, p, options, out, cap);
    }
  }
}

int pap_values(FieldId id, const Packet& p, Value* out, int cap) {
  const PppControl c = ppp_control(p.ppp);
  if (id == kPapCode && c.has_code) return put(out, 0, cap, c.code);
  if (id == kPapIdentifier && p.ppp.body.size() >= 2) return put(out, 0, cap, c.identifier);
  if (!c.ok) return 0;
  const Bytes d = c.data;
  switch (id) {
    case kPapLength:
      return put(out, 0, cap, c.length);
    default:
      break;
  }
  if (d.empty()) return 0;
  const std::size_t n1 = at(d, 0);
  if (c.code == 1) {
    if (id == kPapPeerIdLength) return put(out, 0, cap, n1);
    if (1 + n1 > d.size()) return 0;
    if (id == kPapPeerId) return put_str(out, 0, cap, text(d.subspan(1, n1)));
    if (2 + n1 > d.size()) return 0;
    const std::size_t n2 = at(d, 1 + n1);
    if (id == kPapPasswordLength) return put(out, 0, cap, n2);
    if (id == kPapPassword && 2 + n1 + n2 <= d.size())
      return put_str(out, 0, cap, text(d.subspan(2 + n1, n2)));
    return 0;
  }
  if (c.code == 2 || c.code == 3) {
    if (id == kPapMessageLength) return put(out, 0, cap, n1);
    if (id == kPapMessage && 1 + n1 <= d.size())
      return put_str(out, 0, cap, text(d.subspan(1, n1)));
  }
  return 0;
}

int chap_values(FieldId id, const Packet& p, Value* out, int cap) {
  const PppControl c = ppp_control(p.ppp);
  if (id == kChapCode && c.has_code) return put(out, 0, cap, c.code);
  if (id == kChapIdentifier && p.ppp.body.size() >= 2) return put(out, 0, cap, c.identifier);
  if (!c.ok) return 0;
  const Bytes d = c.data;
  switch (id) {
    case kChapLength:
      return put(out, 0, cap, c.length);
    default:
      break;
  }
  if (d.empty()) return 0;
  if (c.code == 1 || c.code == 2) {
    const std::size_t size = at(d, 0);
    if (id == kChapValueSize) return put(out, 0, cap, size);
    const Bytes name = 1 + size <= c.declared() ? c.part(1 + size) : Bytes{};
    if (id == kChapName && !name.empty()) return put_str(out, 0, cap, text(name));
    return 0;
  }
  if ((c.code == 3 || c.code == 4) && id == kChapMessage && !c.part(0).empty())
    return put_str(out, 0, cap, text(c.part(0)));
  return 0;
}

}  // namespace

std::uint64_t ppp_field_max(FieldId id) {
  switch (id) {
    case kPppProtocol:
    case kPppLength:
    case kLcpRejProto:
    case kLcpOptMru:
    case kLcpOptAuthProtocol:
    case kPapLength:
    case kChapLength:
      return 0xffff;
    case kCcpOptHistoryCount:
    case kCcpOptModeDictcount:
    case kCcpOptDictSize:
    case kCcpOptHistoryLength:
      return 0xffff;
    case kCcpOptOui:
      return 0xffffff;
    case kLcpMagicNumber:
    case kLcpSecsRemaining:
    case kLcpOptAsyncmap:
    case kLcpOptMagicNumber:
    case kCcpOptSupportedBits:
      return 0xffffffff;
    case kCcpOptBitH:
    case kCcpOptBitM:
    case kCcpOptBitS:
    case kCcpOptBitL:
    case kCcpOptBitD:
    case kCcpOptBitC:
    case kCcpOptP:
      return UINT64_MAX;  // booleans
    default:
      return 0xff;
  }
}

int ppp_field_values(FieldId id, const Packet& p, Value* out, int cap) {
  if (!p.has(kProtoPpp)) return 0;
  const PppInfo& x = p.ppp;
  switch (id) {
    case kPppAddress:
      return x.has_address ? put(out, 0, cap, x.address) : 0;
    case kPppControl:
      return x.has_address ? put(out, 0, cap, x.control) : 0;
    case kPppProtocol:
      return x.has_protocol ? put(out, 0, cap, x.protocol) : 0;
    case kPppCode:
    case kPppIdentifier:
    case kPppLength:
    case kLcpMagicNumber:
    case kLcpMessage:
    case kLcpSecsRemaining:
    case kLcpRejProto:
    case kLcpOptType:
    case kLcpOptLength:
    case kLcpOptMru:
    case kLcpOptAsyncmap:
    case kLcpOptAuthProtocol:
    case kLcpOptMagicNumber:
    case kIpcpOptType:
    case kIpcpOptLength:
    case kIpcpOptIpAddress:
    case kIpcpOptPriDns:
    case kIpcpOptSecDns:
      return lcp_like(p) ? lcp_values(id, p, out, cap) : 0;
    default:
      if (id >= kCcpOptType && id <= kIpv6cpInterfaceId)
        return lcp_like(p) ? lcp_values(id, p, out, cap) : 0;
      break;
  }
  switch (id) {
    case kPapCode:
    case kPapIdentifier:
    case kPapLength:
    case kPapPeerIdLength:
    case kPapPeerId:
    case kPapPasswordLength:
    case kPapPassword:
    case kPapMessageLength:
    case kPapMessage:
      return carries(p, kPppPap) ? pap_values(id, p, out, cap) : 0;
    case kChapCode:
    case kChapIdentifier:
    case kChapLength:
    case kChapValueSize:
    case kChapName:
    case kChapMessage:
      return carries(p, kPppChap) ? chap_values(id, p, out, cap) : 0;
    default:
      return 0;
  }
}

bool ppp_field_present(FieldId id, const Packet& p) {
  switch (id) {
    // Wireshark adds a protocol's item once its header is read: an empty PPP frame, a
    // control packet cut in its code/identifier/length, are in frame.protocols only.
    case kPpp:
      return p.has(kProtoPpp) && !p.ppp.bytes.empty();
    case kLcp:
    case kIpcp:
    case kPap:
    case kChap:
    case kCcp:
    case kIpv6cp: {
      const std::uint16_t protocol = id == kLcp    ? kPppLcp
                                     : id == kIpcp ? kPppIpcp
                                     : id == kPap  ? kPppPap
                                     : id == kChap ? kPppChap
                                     : id == kCcp  ? kPppCcp
                                                   : kPppIpv6cp;
      // LCP-like protocols add their item after reading the header, PAP and CHAP before.
      const PppControl c = ppp_control(p.ppp);
      return carries(p, protocol) && (ppp_is_lcp_like(protocol) ? c.ok : c.has_code);
    }
    case kCompData:
      return carries(p, kPppComp);
    case kPppData:
    case kLcpData:
    case kChapValue:
      return !ppp_field_bytes(id, p).empty();
    default: {
      Value v[kMaxValues];
      return ppp_field_values(id, p, v, kMaxValues) > 0;
    }
  }
}

Bytes ppp_field_bytes(FieldId id, const Packet& p) {
  if (!p.has(kProtoPpp)) return {};
  switch (id) {
    case kPpp:
      return p.ppp.bytes;
    case kLcp:
    case kIpcp:
    case kPap:
    case kChap:
    case kCcp:
    case kIpv6cp:
    case kCompData:
      return ppp_field_present(id, p) ? p.ppp.body : Bytes{};
    case kPppData:
    case kLcpData: {
      if (!lcp_like(p)) return {};
      const PppControl c = ppp_control(p.ppp);
      if (!c.ok) return {};
      if (id == kLcpData) {
        // (an item up to the length that the snap length cut throws before it is added)
        const std::size_t header = p.ppp.bytes.size() - p.ppp.body.size();
        if (c.cut() && 4 + c.declared() <= p.ppp.reported - header) return {};
        return (c.code == 9 || c.code == 10 || c.code == 11) && c.data.size() > 4
                   ? c.data.subspan(4)
                   : Bytes{};
      }
      const bool carries_data = c.code == 5 || c.code == 6 || c.code == 7 || c.code > 13;
      return carries_data ? c.data : Bytes{};
    }
    case kChapValue: {
      if (!carries(p, kPppChap)) return {};
      const PppControl c = ppp_control(p.ppp);
      if (!c.ok || (c.code != 1 && c.code != 2) || c.data.empty()) return {};
      const std::size_t size = at(c.data, 0);
      const std::size_t room = std::min(c.declared(), c.data.size());
      return size > 0 && 1 + size <= room ? c.data.subspan(1, size) : Bytes{};
    }
    default:
      return {};
  }
}

}  // namespace sockscope::capture::filter
