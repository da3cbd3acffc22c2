// The dhcp.* display-filter fields, as Wireshark 4.0 adds them: the fixed header's fields
// when their bytes are there, the options of the tree walk (dhcp.h's DhcpOptions) up to
// End or the first option cut short.
#include "capture/dissect/dhcp.h"
#include "capture/filter/fields.h"

#include <netinet/in.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <string>
#include <vector>

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
    default:
      return false;
  }
}

enum class DhcpKind : std::uint8_t {
  kNone,
  kBasic,  // an option of a basic type: dhcp_option_info(code).kind says which
  kU8List,
  kPairFirst,
  kPairSecond,
  kOverload,
  kFlagsReserved,
  kHwAddr,
  kHwAddrPadding,
  kServer,
  kFile,
  kVendorArea,
  kPadding,
  kValue,
  kSnameOverloaded,
  kFileOverloaded,
  kEndMissing,
  kSecsLe,
  kCidType,
  kCidUndef,
  kCidIaid,
  kCidDuidType,
  kCidLltHwType,
  kCidLlHwType,
  kCidTime,
  kCidLlAddr,
  kAgentSub,
  kAgentValue,
  kAgentBytes,
  kAgentIp,
  kAgentStr,
  kSubLength,
  kVendorValue,
  kHwType,
  kMacAddr,
  kOptionType,
  kOptionLength,
  kOptionEnd,
  kNoAddress,
  kBadLength,
  kCidUuid,
  kCidHwAddress,
  kArch,
  kUserClass,
  kPxeSub,
  kPxePadding,
  kPxeEnd,
  kPxeIp,
  kPxeU16,
  kPxeU8,
  kPxeDiscBit,
  kViEnterprise,
  kViLength,
  kVendorSub,
  kVendorData,
  kViClassEnterprise,
  kViClassLength,
  kViClassData,
  kUserClassLength,
  kUserClassData,
  kUserClassText,
  kClasslessRoute,
  kArchAmbiguous,
  kAreaEndMissing,  // code: 2 sname, 1 file
  kFqdn,            // option 81; the code says which part (gen-dhcp-fields)
  kTr111Sub,        // option 125, enterprise 3561 (Broadband Forum TR-111): sub-option codes
  kTr111Oui,        // its sub-option 1, the device's OUI written in hex
  kTr111Str,        // its text sub-options (the code says which)
  kViValue,         // the value of each TR-111 sub-option
  kPxeMore,         // PXE sub-options 8 and above (pxe_values; the code: sub-option * 10 + part)
  kAruba,     // option 43 for Aruba: 0 the controller address, 4 Instant's text, 1-3 its parts
  kAluSub,    // option 43 for Alcatel-Lucent: sub-option codes
  kAluPad,    // its Pad sub-options
  kAluEnd,    // its End
  kAluValue,  // a sub-option's value (the code says which)
};

struct TableField {
  std::string_view name;
  FieldType type;
  std::uint64_t max;
  DhcpKind kind;
  int code;
  bool label;
};

constexpr TableField kTable[] = {
#include "capture/filter/dhcp_field_table.inc"
};
constexpr std::size_t kTableSize = sizeof kTable / sizeof kTable[0];

const TableField* table_field(FieldId id) {
  const auto i = static_cast<std::size_t>(id) - static_cast<std::size_t>(FieldId::kDhcpTable);
  return id >= FieldId::kDhcpTable && i < kTableSize ? &kTable[i] : nullptr;
}

// The options Wireshark 4.0 shows with a basic type or as opaque bytes: for these, every
// field tshark could add is computed here (the table's kinds) when the length fits.
bool basic_or_opaque(std::uint8_t code) {
  if (dhcp_option_info(code).kind != DhcpOptKind::kOther) return true;
  switch (code) {
    case 21:
    case 33:
    case 52:
    case 53:
    case 55:
    case 62:
    case 80:
    case 83:
    case 84:
    case 88:
    case 89:
    case 95:
    case 96:
    case 98:
    case 115:
    case 122:
    case 139:
    case 140:
    case 141:
    case 143:
    case 144:
    case 208:
    case 211:
    case 213:
    case 220:
    case 221:
      return true;
    default:
      return (code >= 102 && code <= 111) || (code >= 126 && code <= 135) ||
             (code >= 147 && code <= 149) || (code >= 162 && code <= 207) ||
             (code >= 214 && code <= 219) || (code >= 222 && code <= 241) || code >= 243;
  }
}

// Option 61 in a shape computed here (hardware address, type 0 text, RFC 4361 DUID-LLT or
// DUID-LL, or opaque bytes).
bool client_id_understood(Bytes v) {
  const std::size_t len = v.size();
  const std::uint8_t t = len > 0 ? at(v, 0) : 0;
  if (len == 7 && t > 0 && t < 48) return true;
  if (len == 17 && t == 0) return true;  // a UUID
  if (t == 255) {
    if (len < 7) return false;
    const std::uint64_t duid = be(v, 5, 2);
    if (duid == 1) return len >= 13;
    if (duid == 3) return len >= 9;
    return duid != 2 && duid != 4;
  }
  return true;
}

// Option 82 with only the sub-options computed here.
bool agent_understood(Bytes v) {
  for (std::size_t i = 0; i < v.size();) {
    if (i + 2 > v.size()) return false;
    const std::uint8_t code = at(v, i), len = at(v, i + 1);
    if (i + 2 + len > v.size()) return false;
    if (code != 1 && code != 2 && code != 5 && code != 6 && code != 11) return false;
    if ((code == 5 || code == 11) && len != 4) return false;
    i += 2u + len;
  }
  return true;
}

bool length_fits(DhcpOptKind k, std::size_t len) {
  switch (k) {
    case DhcpOptKind::kIp:
    case DhcpOptKind::kU32:
    case DhcpOptKind::kI32:
      return len == 4;
    case DhcpOptKind::kBool:
    case DhcpOptKind::kU8:
      return len == 1;
    case DhcpOptKind::kU16:
      return len == 2;
    case DhcpOptKind::kIpList:
      return len % 4 == 0;
    case DhcpOptKind::kU16List:
      return len % 2 == 0;
    default:
      return true;
  }
}

// Policy Filter (21) and Static Route (33): pairs of addresses.
bool pair_option(std::uint8_t code) {
  return code == 21 || code == 33;
}

// Walks the options as Wireshark's tree does: the options field, and after an option 52
// the server name and file fields it says hold options (only when the first pass saw a
// valid overload value).
template <class F>
void walk_area(Bytes m, std::size_t from, std::size_t to, F& f) {
  for (const DhcpOption& o : dhcp_area_options(m, from, to)) f(o, false);
}

template <class F>
void walk(Bytes m, std::size_t reported, const DhcpScan& s, F&& f) {
  if (m.size() < kDhcpFixedLen || s.options_at > m.size()) return;
  DhcpOptions options(m, reported);
  DhcpOption o;
  while (options.next(o)) {
    f(o, true);
    if (o.code == 52 && o.value.size() == o.length && o.length >= 1 && s.overload >= 1 &&
        s.overload <= 3) {
      // RFC 2132: bit 2 the sname field, bit 1 the file field (shown in that order)
      if (at(o.value, 0) & 2) walk_area(m, 44, 108, f);
      if (at(o.value, 0) & 1) walk_area(m, 108, kDhcpFixedLen, f);
    }
  }
}

// Wireshark's tvb_arphrdaddr_to_str: an Ethernet address with colons, other bytes as
// plain hex.
// Room for computed strings (hex renderings, dotted names) the values point into: kept
// until the filter moves on to another packet, so a comparison of two such fields sees
// both (a deque: adding one never moves the others).
thread_local std::deque<std::string> scratch_pool;
thread_local const Packet* scratch_packet = nullptr;
thread_local std::uint32_t scratch_number = 0;

void scratch_for(const Packet& p) {
  // (packets without a number, as in tests, reuse one object: bounded all the same)
  if (scratch_packet == &p && scratch_number == p.number && scratch_pool.size() < 4096) return;
  scratch_pool.clear();
  scratch_packet = &p;
  scratch_number = p.number;
}

std::string& scratch() {
  return scratch_pool.emplace_back();
}

std::string_view arphrd_text(Bytes b, std::uint64_t hwtype) {
  std::string& s = scratch();
  s.clear();
  static const char* const kDigits = "0123456789abcdef";
  const bool colons = (hwtype == 1 || hwtype == 6) && b.size() == 6;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (colons && i > 0) s.push_back(':');
    s.push_back(kDigits[at(b, i) >> 4]);
    s.push_back(kDigits[at(b, i) & 0xf]);
  }
  return s;
}

std::string_view text_of(Bytes v, std::size_t from, std::size_t len) {
  std::size_t end = 0;
  const char* p = reinterpret_cast<const char*>(v.data()) + from;
  while (end < len && p[end] != 0) ++end;  // strings end at the first NUL
  return {p, end};
}

std::string_view bytes_of(Bytes v) {
  return {reinterpret_cast<const char*>(v.data()), v.size()};
}

// Whether Wireshark flags the option's length (dhcp.bad_length), for the options whose
// length rules are modelled here.
bool bad_length(const DhcpOption& o) {
  if (!o.has_length || o.value.size() != o.length) return false;
  const std::size_t len = o.length;
  switch (o.code) {
    case 52:
      return len < 1;
    case 53:
    case 55:
      return false;
    case 81:
      return len < 3;
    case 93:
      return len % 2 != 0;
    case 77:
      return len < 2;
    case 121:
      return len < 5;
    case 124:
    case 125: {  // bytes after the last block, too few for another: "length < 5"
      std::size_t off = 0;
      while (off + 5 <= len && off + 5u + at(o.value, off + 4) <= len)
        off += 5u + at(o.value, off + 4);
      return off < len && len - off < 5;
    }
    default:
      if (pair_option(o.code)) return len % 8 != 0;
      return !length_fits(dhcp_option_info(o.code).kind, len);
  }
}

// Option 124/125's enterprise blocks (RFC 3925): enterprise number, data length, data.
// False when a block does not fit the option, or (125) its sub-options do not fill it.
template <class F>
bool vi_blocks(Bytes v, bool suboptions, F&& f) {
  bool whole = true;
  for (std::size_t off = 0; off < v.size();) {
    if (off + 5 > v.size()) return false;
    const std::size_t dl = at(v, off + 4);
    // the enterprise and length are shown even when the data runs past the option
    const Bytes data = v.subspan(off + 5, std::min(dl, v.size() - off - 5));
    f(be(v, off, 4), data.size(), data);
    if (data.size() != dl) return false;
    if (suboptions) {
      std::size_t i = 0;
      while (i + 2 <= dl && i + 2u + at(data, i + 1) <= dl) i += 2u + at(data, i + 1);
      whole = whole && i == dl;
    }
    off += 5 + dl;
  }
  return whole;
}

// Whether a PXE sub-option has the shape Wireshark reads without complaint: 1-7 their
// fixed widths; 8 (boot servers: type, count, that many addresses) and 9 (boot menu: type,
// length, text) items that fill it; 10 (menu prompt) a timeout byte and text; 71 (boot
// item) 4 bytes; 191 (discovery) 1 byte; 11, 12, 179-181, 190 any non-empty value. Other
// codes draw Wireshark's "Unknown subopt type handler" (not modelled here).
bool pxe_fits(std::uint8_t code, Bytes sv) {
  const std::size_t len = sv.size();
  switch (code) {
    case 1:
    case 7:
    case 71:
      return len == 4;
    case 2:
    case 3:
      return len == 2;
    case 4:
    case 5:
    case 6:
    case 191:
      return len == 1;
    case 8:
    case 9: {
      std::size_t i = 0;
      while (i + 3 <= len) i += 3u + at(sv, i + 2) * (code == 8 ? 4u : 1u);
      return len > 0 && i == len;
    }
    case 10:
    case 11:
    case 12:
    case 179:
    case 180:
    case 181:
    case 190:
      return len >= 1;
    default:
      return false;
  }
}

// PXE sub-options 8 and above (Wireshark's fields for them; the table's code is the
// sub-option's code times 10 plus the part: 80 the boot servers' bytes, 81 a type, 82 a
// count, 83 an address, ...): the values of one well-shaped sub-option.
template <class PutU, class PutS, class PutIp>
void pxe_values(int want, std::uint8_t code, Bytes sv, PutU&& put_u, PutS&& put_s, PutIp&& put_ip) {
  if (want / 10 != code) return;
  const int part = want % 10;
  const std::size_t len = sv.size();
  switch (code) {
    case 8:
    case 9:
      if (part == 0) put_s(bytes_of(sv));
      for (std::size_t i = 0; i + 3 <= len;) {
        const std::size_t n = at(sv, i + 2);
        if (part == 1) put_u(be(sv, i, 2));
        if (part == 2) put_u(n);
        if (code == 8 && part == 3)
          for (std::size_t k = 0; k < n; ++k) put_ip(sv, i + 3 + 4 * k);
        if (code == 9 && part == 3) put_s(text_of(sv, i + 3, n));
        i += 3 + n * (code == 8 ? 4 : 1);
      }
      return;
    case 10:
      if (part == 0) put_s(bytes_of(sv));
      if (part == 1) put_u(at(sv, 0));
      if (part == 2) put_s(text_of(sv, 1, len - 1));
      return;
    case 71:
      if (part == 0) put_s(bytes_of(sv));
      if (part == 1) put_u(be(sv, 0, 2));
      if (part == 2) put_s(bytes_of(sv.subspan(2, 2)));
      return;
    case 179:
    case 180:
    case 190:
      put_s(text_of(sv, 0, len));
      return;
    case 191:
      put_u(at(sv, 0) != 0);
      return;
    default:  // 11, 12, 181: bytes
      put_s(bytes_of(sv));
  }
}

// Option 43 sub-options of a vendor Wireshark decodes (PXEClient, Alcatel-Lucent): Pad and
// End are one byte, End skips the rest, the others code, length, value. `f` gets each
// (code, value, fits: `fits(code, value)`, the vendor's rule for that sub-option); false
// when one is cut or does not fit.
template <class Fits, class F>
bool vendor_suboptions(Bytes v, Fits&& fits, F&& f) {
  bool ok = true;
  for (std::size_t i = 0; i < v.size();) {
    const std::uint8_t code = at(v, i);
    if (code == 0 || code == 255) {
      f(code, Bytes{}, false);  // (no value to read)
      if (code == 255) return ok;
      ++i;
      continue;
    }
    if (i + 2 > v.size() || i + 2u + at(v, i + 1) > v.size()) return false;
    const Bytes sv = v.subspan(i + 2, at(v, i + 1));
    const bool fit = fits(code, sv);
    f(code, sv, fit);
    ok = ok && fit;
    i += 2 + sv.size();
  }
  return ok;
}

// PXEClient's (Wireshark's PXE heuristic, taken when the vendor class starts with
// "PXEClient"): false also for a kind not modelled here (pxe_fits).
template <class F>
bool pxe_suboptions(Bytes v, F&& f) {
  return vendor_suboptions(v, pxe_fits, f);
}

using Vendor43 = DhcpVendor43;

// Alcatel-Lucent's: 58 the voice VLAN (2 bytes), 64/65 TFTP servers (4), 66 the application
// type (1), 67 a SIP URL; any other is unknown (Wireshark's "Unknown subopt type handler").
template <class F>
bool alu_suboptions(Bytes v, F&& f) {
  auto fits = [](std::uint8_t code, Bytes sv) {
    const std::size_t len = sv.size();
    return code == 58                 ? len == 2
           : code == 64 || code == 65 ? len == 4
           : code == 66               ? len == 1
                                      : code == 67;
  };
  return vendor_suboptions(v, fits, f);
}

// Aruba Instant's option 43 text "organisation,AMP address,password": part 1, 2 or 3 (the
// last takes the rest); without a comma each part is the whole text. One comma only makes
// Wireshark throw (not modelled: message_understood).
std::string_view aruba_iap_part(std::string_view text, int part) {
  const std::size_t c1 = text.find(',');
  if (c1 == std::string_view::npos) return text;
  const std::size_t c2 = text.find(',', c1 + 1);
  if (c2 == std::string_view::npos) return text;
  return part == 1   ? text.substr(0, c1)
         : part == 2 ? text.substr(c1 + 1, c2 - c1 - 1)
                     : text.substr(c2 + 1);
}

// The enterprises whose 124/125 data Wireshark decodes its own way: CableLabs (4491), and
// in option 125 the Broadband Forum's TR-111 (3561, modelled here: tr111_values).
bool vi_special(std::uint64_t enterprise, std::uint8_t option) {
  return enterprise == 4491 || (option == 125 && enterprise == 3561);
}

// TR-111's sub-option 1, DeviceManufacturerOUI: Wireshark reads the text (up to a NUL) with
// strtoul(..., 16) and keeps 32 bits ("00D09E" is 0xd09e, "XYZ" 0, "-5" 4294967291).
std::uint64_t tr111_oui(Bytes v) {
  const std::string text(text_of(v, 0, v.size()));
  return static_cast<std::uint32_t>(std::strtoul(text.c_str(), nullptr, 16));
}

// The table field's values on one option (main options and overloaded ones alike).
void option_values(const TableField& f, const DhcpOption& o, Value* out, int& n, int cap,
                   Vendor43 vc) {
  const bool pxe = vc == Vendor43::kPxe;
  auto put_u = [&](std::uint64_t u) {
    if (n < cap) out[n].u = u;
    ++n;
  };
  auto put_ip = [&](Bytes b, std::size_t i) {
    if (n < cap) out[n].ip = ipv4_at(b, i);
    ++n;
  };
  auto put_s = [&](std::string_view s) {
    if (n < cap) out[n].s = s;
    ++n;
  };
  switch (f.kind) {
    case DhcpKind::kOptionType:
      put_u(o.code);  // Pad runs and End show 0
      return;
    case DhcpKind::kOptionLength:
      if (o.has_length) put_u(o.length);
      return;
    case DhcpKind::kOptionEnd:
      if (o.end) put_u(255);
      return;
    case DhcpKind::kBadLength:
      if (bad_length(o)) put_u(1);
      if (o.code == 43 && pxe && o.value.size() == o.length)  // PXE's basic sub-options too
        pxe_suboptions(o.value, [&](std::uint8_t code, Bytes sv, bool fits) {
          if (code >= 1 && code <= 7 && code != 6 && !fits) put_u(1);
          // (192 and 193 are checked for a width, then have no handler)
          if ((code == 192 && sv.size() != 1) || (code == 193 && sv.size() != 4)) put_u(1);
        });
      if (o.code == 43 && vc == Vendor43::kAlu && o.value.size() == o.length)
        alu_suboptions(o.value, [&](std::uint8_t code, Bytes, bool fits) {
          if ((code == 58 || code == 64 || code == 65 || code == 66) && !fits) put_u(1);
        });
      return;
    case DhcpKind::kPadding:
      if (o.pad) put_s(bytes_of(o.value));
      return;
    case DhcpKind::kValue:
      if (o.has_length && o.value.size() == o.length) put_s(bytes_of(o.value));
      return;
    default:
      break;
  }
  if (!o.has_length || o.value.size() != o.length) return;  // cut short: no value
  const Bytes v = o.value;
  const std::size_t len = v.size();
  if (o.code == 53 && f.code == 53) {  // its own dissector reads the first byte, any length
    if (len >= 1) put_u(at(v, 0));
    return;
  }
  if (f.kind == DhcpKind::kU8List || f.kind == DhcpKind::kPairFirst ||
      f.kind == DhcpKind::kPairSecond) {
    if (o.code != f.code) return;
    if (f.kind == DhcpKind::kU8List)
      for (std::size_t i = 0; i < len; ++i) put_u(at(v, i));
    else  // the whole pairs before an odd tail still count
      for (std::size_t i = f.kind == DhcpKind::kPairFirst ? 0 : 4; i + 4 <= len - len % 8; i += 8)
        put_ip(v, i);
    return;
  }
  if (f.kind == DhcpKind::kBasic) {
    const DhcpOptKind k = dhcp_option_info(static_cast<std::uint8_t>(f.code)).kind;
    // a list's whole items before an odd tail still count
    if (o.code != f.code ||
        (!length_fits(k, len) && k != DhcpOptKind::kIpList && k != DhcpOptKind::kU16List))
      return;
    switch (k) {
      case DhcpOptKind::kIp:
        put_ip(v, 0);
        return;
      case DhcpOptKind::kIpList:
        for (std::size_t i = 0; i + 4 <= len; i += 4) put_ip(v, i);
        return;
      case DhcpOptKind::kStr:
        put_s(text_of(v, 0, len));
        return;
      case DhcpOptKind::kBool:
        put_u(at(v, 0) != 0);
        return;
      case DhcpOptKind::kU8:
        put_u(at(v, 0));
        return;
      case DhcpOptKind::kU16:
        put_u(be(v, 0, 2));
        return;
      case DhcpOptKind::kU16List:
        for (std::size_t i = 0; i + 2 <= len; i += 2) put_u(be(v, i, 2));
        return;
      case DhcpOptKind::kU32:
        put_u(be(v, 0, 4));
        return;
      case DhcpOptKind::kI32:
        if (n < cap) {  // FT_INT32 (FieldType::kInt)
          out[n].d = static_cast<double>(static_cast<std::int32_t>(be(v, 0, 4)));
          out[n].u = be(v, 0, 4);
        }
        ++n;
        return;
      case DhcpOptKind::kOther:
        return;
    }
    return;
  }
  if (f.kind == DhcpKind::kOverload) {
    if (o.code == 52 && len >= 1) put_u(at(v, 0));
    return;
  }
  if (o.code == 61) {
    const std::uint8_t t = len > 0 ? at(v, 0) : 0;
    if (len == 7 && t > 0 && t < 48) {
      if (f.kind == DhcpKind::kHwType) put_u(t);
      if (f.kind == DhcpKind::kCidHwAddress && t != 1 && t != 6)
        put_s(arphrd_text(v.subspan(1, 6), t));
      if (f.kind == DhcpKind::kMacAddr && (t == 1 || t == 6)) {
        if (n < cap)
          for (int k = 0; k < 6; ++k) out[n].mac[k] = at(v, 1 + static_cast<std::size_t>(k));
        ++n;
      }
    } else if (len == 17 && t == 0) {
      if (f.kind == DhcpKind::kCidUuid) put_s(bytes_of(v.subspan(1, 16)));
    } else if (t == 255) {
      if (len < 7) return;
      const std::uint64_t duid = be(v, 5, 2);
      if (f.kind == DhcpKind::kCidIaid) put_s(arphrd_text(v.subspan(1, 4), 255));
      if (f.kind == DhcpKind::kCidDuidType) put_u(duid);
      if (duid == 1 && len >= 13) {
        if (f.kind == DhcpKind::kCidLltHwType) put_u(be(v, 7, 2));
        if (f.kind == DhcpKind::kCidTime) put_u(be(v, 9, 4));
        if (f.kind == DhcpKind::kCidLlAddr) put_s(arphrd_text(v.subspan(13), be(v, 7, 2)));
      }
      if (duid == 3 && len >= 9) {
        if (f.kind == DhcpKind::kCidLlHwType) put_u(be(v, 7, 2));
        if (f.kind == DhcpKind::kCidLlAddr && len > 9)
          put_s(arphrd_text(v.subspan(9), be(v, 7, 2)));
      }
    } else if (t == 0 && len > 1) {
      if (f.kind == DhcpKind::kCidType) put_u(0);
      if (f.kind == DhcpKind::kCidUndef) put_s(text_of(v, 1, len - 1));
    }
    return;
  }
  if (o.code == 82) {
    for (std::size_t i = 0; i + 2 <= len;) {
      const std::uint8_t code = at(v, i), sl = at(v, i + 1);
      if (i + 2 + sl > len) return;
      const Bytes sv = v.subspan(i + 2, sl);
      switch (f.kind) {
        case DhcpKind::kAgentSub:
          put_u(code);
          break;
        case DhcpKind::kSubLength:
          put_u(sl);
          break;
        case DhcpKind::kAgentValue:
          put_s(bytes_of(sv));
          break;
        case DhcpKind::kAgentBytes:
          if (code == f.code) put_s(bytes_of(sv));
          break;
        case DhcpKind::kAgentIp:
          if (code == f.code && sl == 4) put_ip(sv, 0);
          break;
        case DhcpKind::kAgentStr:
          if (code == f.code) put_s(text_of(sv, 0, sl));
          break;
        default:
          break;
      }
      i += 2u + sl;
    }
    return;
  }
  if (o.code == 43 && (vc == Vendor43::kNone || vc == Vendor43::kOther) &&
      f.kind == DhcpKind::kVendorValue)
    put_s(bytes_of(v));
  if (o.code == 43 && vc == Vendor43::kArubaAp && f.kind == DhcpKind::kAruba && f.code == 0)
    put_s(text_of(v, 0, len));
  if (o.code == 43 && vc == Vendor43::kArubaIap && f.kind == DhcpKind::kAruba && f.code > 0) {
    const std::string_view text = text_of(v, 0, len);
    put_s(f.code == 4 ? text : aruba_iap_part(text, f.code));
  }
  if (o.code == 43 && vc == Vendor43::kAlu)
    alu_suboptions(v, [&](std::uint8_t code, Bytes sv, bool fits) {
      const bool real = code != 0 && code != 255;
      if (f.kind == DhcpKind::kAluSub && real) put_u(code);
      if (f.kind == DhcpKind::kSubLength && real) put_u(sv.size());
      if (f.kind == DhcpKind::kAluPad && code == 0) put_u(0);
      if (f.kind == DhcpKind::kAluEnd && code == 255) put_u(255);
      if (f.kind != DhcpKind::kAluValue || !fits || code != f.code) return;
      if (code == 58) put_u(be(sv, 0, 2));
      if (code == 64 || code == 65) put_ip(sv, 0);
      if (code == 66) put_u(at(sv, 0));
      if (code == 67) put_s(text_of(sv, 0, sv.size()));
    });
  if (o.code == 43 && pxe)
    pxe_suboptions(v, [&](std::uint8_t code, Bytes sv, bool fits) {
      const bool real = code != 0 && code != 255;
      if (f.kind == DhcpKind::kPxeSub && real) put_u(code);
      if (f.kind == DhcpKind::kSubLength && real) put_u(sv.size());
      if (f.kind == DhcpKind::kVendorValue && real) put_s(bytes_of(sv));
      if (f.kind == DhcpKind::kPxePadding && code == 0) put_u(0);
      if (f.kind == DhcpKind::kPxeEnd && code == 255) put_u(255);
      if (f.kind == DhcpKind::kPxeMore && fits) pxe_values(f.code, code, sv, put_u, put_s, put_ip);
      if (!fits || code != f.code) return;
      if (f.kind == DhcpKind::kPxeIp) put_ip(sv, 0);
      if (f.kind == DhcpKind::kPxeU16) put_u(at(sv, 0) | at(sv, 1) << 8);  // little-endian
      if (f.kind == DhcpKind::kPxeU8) put_u(at(sv, 0));
    });
  if (o.code == 43 && pxe && f.kind == DhcpKind::kPxeDiscBit)
    pxe_suboptions(v, [&](std::uint8_t code, Bytes sv, bool fits) {
      if (code == 6 && fits) put_u((at(sv, 0) >> f.code) & 1);
    });
  if (o.code == 77 && len >= 2 && f.kind >= DhcpKind::kUserClass &&
      f.kind <= DhcpKind::kUserClassText) {
    // RFC 3004 instances; a length past the rest turns the rest into text (Microsoft's
    // variant, flagged dhcp.option.nonstd_data)
    std::size_t off = 0, left = len;
    for (int index = 0; off < len; ++index) {
      const std::size_t cl = at(v, off);
      if (cl >= left) {
        if (f.kind == DhcpKind::kUserClassText) put_s(text_of(v, off, std::min(left, len - off)));
        break;
      }
      if (f.kind == DhcpKind::kUserClass) put_u(static_cast<std::uint64_t>(index));
      if (f.kind == DhcpKind::kUserClassLength) put_u(cl);
      ++off;
      if (cl == 0) break;
      if (f.kind == DhcpKind::kUserClassData) put_s(bytes_of(v.subspan(off, cl)));
      off += cl;
      left -= cl + 1;
    }
    return;
  }
  if (o.code == 121 && f.kind == DhcpKind::kClasslessRoute && len >= 5)
    for (std::size_t off = 0; off < len;) {
      const std::size_t mw = at(v, off), item = 1 + (mw + 7) / 8 + 4;
      if (mw > 32 || off + item > len) break;
      put_s(bytes_of(v.subspan(off, item)));
      off += item;
    }
  if ((o.code == 125 && (f.kind == DhcpKind::kViEnterprise || f.kind == DhcpKind::kViLength ||
                         f.kind == DhcpKind::kVendorSub || f.kind == DhcpKind::kVendorData ||
                         f.kind == DhcpKind::kSubLength)) ||
      (o.code == 124 && (f.kind == DhcpKind::kViClassEnterprise ||
                         f.kind == DhcpKind::kViClassLength || f.kind == DhcpKind::kViClassData))) {
    vi_blocks(v, o.code == 125, [&](std::uint64_t enterprise, std::size_t dl, Bytes data) {
      if (f.kind == DhcpKind::kViEnterprise || f.kind == DhcpKind::kViClassEnterprise)
        put_u(enterprise);
      if (f.kind == DhcpKind::kViLength || f.kind == DhcpKind::kViClassLength) put_u(dl);
      if (f.kind == DhcpKind::kViClassData) put_s(text_of(data, 0, dl));
      if (o.code == 125 && enterprise == 3561)
        for (std::size_t i = 0; i + 2 <= dl && i + 2u + at(data, i + 1) <= dl;
             i += 2u + at(data, i + 1))
          if (f.kind == DhcpKind::kSubLength) put_u(at(data, i + 1));
      if (o.code == 125 && !vi_special(enterprise, 125))
        for (std::size_t i = 0; i + 2 <= dl; i += 2u + at(data, i + 1)) {
          if (f.kind == DhcpKind::kVendorSub) put_u(at(data, i));
          if (f.kind == DhcpKind::kSubLength) put_u(at(data, i + 1));
          if (i + 2u + at(data, i + 1) > dl) break;  // no room for the value
          if (f.kind == DhcpKind::kVendorData)
            put_s(bytes_of(data.subspan(i + 2, at(data, i + 1))));
        }
    });
    return;
  }
  if (o.code == 125 && f.kind >= DhcpKind::kTr111Sub && f.kind <= DhcpKind::kViValue) {
    // TR-111 (RFC 3925 block of enterprise 3561): code, length, value; computed only when
    // the sub-options fill the block (message_understood)
    vi_blocks(v, true, [&](std::uint64_t enterprise, std::size_t dl, Bytes data) {
      if (enterprise != 3561 || data.size() != dl) return;
      for (std::size_t i = 0; i + 2 <= dl && i + 2u + at(data, i + 1) <= dl;
           i += 2u + at(data, i + 1)) {
        const std::uint8_t code = at(data, i);
        const Bytes sv = data.subspan(i + 2, at(data, i + 1));
        if (f.kind == DhcpKind::kTr111Sub) put_u(code);
        if (f.kind == DhcpKind::kViValue) put_s(bytes_of(sv));
        if (f.kind == DhcpKind::kTr111Oui && code == 1) put_u(tr111_oui(sv));
        if (f.kind == DhcpKind::kTr111Str && code == f.code) put_s(text_of(sv, 0, sv.size()));
      }
    });
    return;
  }
  if (o.code == 93 && (f.kind == DhcpKind::kArch || f.kind == DhcpKind::kArchAmbiguous))
    for (std::size_t i = 0; i + 2 <= len; i += 2) {
      const std::uint64_t arch = be(v, i, 2);
      if (f.kind == DhcpKind::kArch) put_u(arch);
      if (f.kind == DhcpKind::kArchAmbiguous && arch == 9) put_u(1);
    }
  if (o.code == 81 && f.kind == DhcpKind::kFqdn && len >= 3) {
    const std::uint8_t flags = at(v, 0);
    switch (f.code) {
      case 0:
        put_u(flags);
        return;
      case 1:
      case 2:
      case 3:
      case 4:
        put_u((flags >> (f.code - 1)) & 1);
        return;
      case 5:
        put_u(flags >> 4);
        return;
      case 6:
      case 7:
        put_u(at(v, static_cast<std::size_t>(f.code) - 5));
        return;
      default:
        if (len > 3 && (flags & 4) == 0) put_s(text_of(v, 3, len - 3));  // ASCII name
        if (std::string& name = scratch(); dhcp_fqdn_name(v, &name) == FqdnName::kPlain)
          put_s(name);
        return;
    }
  }
}

// Whether the message holds something a field computed here would miss: an option,
// sub-option or client identifier shape outside what this file dissects, or a value of
// the wrong length (Wireshark's expert items).
bool message_understood(Bytes m, std::size_t reported, const DhcpScan& s) {
  bool ok = true;
  walk(m, reported, s, [&](const DhcpOption& o, bool) {
    // an option cut short shows only its type and length: nothing is missed
    if (o.pad || o.end || !ok || !o.has_length || o.value.size() != o.length) return;
    const Bytes v = o.value;
    switch (o.code) {
      case 61:
        ok = client_id_understood(v);
        return;
      case 82:
        ok = agent_understood(v);
        return;
      case 43:  // a vendor class may pick a vendor's sub-option dissector (vendor43)
        switch (dhcp_vendor43(s)) {
          case Vendor43::kNone:
          case Vendor43::kArubaAp:
            return;
          case Vendor43::kPxe:
            ok = pxe_suboptions(v, [](std::uint8_t, Bytes, bool) {});
            return;
          case Vendor43::kAlu:
            ok = alu_suboptions(v, [](std::uint8_t, Bytes, bool) {});
            return;
          case Vendor43::kArubaIap: {
            const std::string_view text = text_of(v, 0, v.size());
            const std::size_t c1 = text.find(',');
            ok = c1 == std::string_view::npos || text.find(',', c1 + 1) != std::string_view::npos;
            return;
          }
          case Vendor43::kOther:
            ok = false;
            return;
        }
        return;
      case 81:  // a binary (DNS wire format) name is not decoded here
        ok = v.size() >= 3 &&
             (dhcp_fqdn_name(v) == FqdnName::kNone || dhcp_fqdn_name(v) == FqdnName::kPlain);
        return;
      case 60:  // the DOCSIS and PacketCable classes carry capabilities Wireshark decodes
        ok = bytes_of(v).substr(0, 6) != "docsis" && bytes_of(v).substr(0, 4) != "pktc";
        return;
      case 53:
      case 93:
        return;
      case 77: {  // understood unless a zero length or the text variant draws an expert
        if (v.size() < 2) {
          ok = false;
          return;
        }
        std::size_t off = 0, left = v.size();
        while (off < v.size()) {
          const std::size_t cl = at(v, off);
          if (cl >= left || cl == 0) {
            ok = false;
            return;
          }
          off += cl + 1;
          left -= cl + 1;
        }
        return;
      }
      case 124:
      case 125: {  // blocks that fit, of enterprises without a decoder of their own (or TR-111)
        bool plain = true;
        ok = vi_blocks(v, o.code == 125, [&](std::uint64_t enterprise, std::size_t, Bytes) {
          plain = plain && !vi_special(enterprise, o.code);
        });
        ok = ok && plain;
        return;
      }
      case 121: {  // understood when the routes fill it exactly
        if (v.size() < 5) {
          ok = false;
          return;
        }
        std::size_t off = 0;
        while (off < v.size()) {
          const std::size_t mw = at(v, off);
          if (mw > 32) break;
          off += 1 + (mw + 7) / 8 + 4;
        }
        ok = off == v.size();
        return;
      }
      default:
        // (a basic option of the wrong length only draws dhcp.bad_length, computed here)
        if (!basic_or_opaque(o.code)) ok = false;
    }
  });
  return ok;
}

}  // namespace

const FieldDef* find_dhcp_field(std::string_view name) {
  static const std::vector<FieldDef> defs = [] {
    std::vector<FieldDef> d;
    d.reserve(kTableSize);
    for (std::size_t i = 0; i < kTableSize; ++i)
      d.push_back(FieldDef{
          kTable[i].name,
          static_cast<FieldId>(static_cast<int>(FieldId::kDhcpTable) + static_cast<int>(i)),
          kTable[i].type});
    return d;
  }();
  for (const FieldDef& f : defs)
    if (f.name == name) return &f;
  return nullptr;
}

bool dhcp_is_label(FieldId id) {
  const TableField* f = table_field(id);
  return f != nullptr && f->label;
}

int dhcp_field_values(FieldId id, const Packet& p, Value* out, int cap) {
  Bytes m;
  std::size_t reported = 0;
  if (!dhcp_message(p, m, reported)) return 0;
  const DhcpScan s = dhcp_scan(m, reported);
  if (!s.has_fields()) return 0;
  scratch_for(p);
  const TableField* f = table_field(id);
  if (f == nullptr) {  // a fixed-header field of kFields
    std::size_t offset = 0, width = 0;
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
    if (id == kDhcpCookie && s.cookie) {
      out[0].ip = ipv4_at(m, kDhcpCookieAt);
      return 1;
    }
    return 0;
  }
  int n = 0;
  auto put_s = [&](std::string_view v) {
    if (n < cap) out[n].s = v;
    ++n;
  };
  switch (f->kind) {
    case DhcpKind::kNone:
      // Not computed here: right (absent) only where the message holds nothing this file
      // does not dissect, and no anomaly an expert label would flag.
      // (test_dhcp_vs_tshark.sh checks every such field against tshark on its captures.)
      if (inexact != nullptr && inexact->dhcp == 0 && !message_understood(m, reported, s))
        note_inexact(&Inexact::dhcp, p);
      return 0;
    case DhcpKind::kNoAddress:  // chaddr of length 0 or beyond its 16 bytes
      // (an item over chaddr's 16 bytes, added once giaddr is read: the bytes must be there)
      return m.size() >= 44 && (at(m, 2) == 0 || at(m, 2) > 16) ? 1 : 0;
    case DhcpKind::kFlagsReserved:
      if (m.size() < 12) return 0;
      out[0].u = be(m, 10, 2) & 0x7fff;
      return 1;
    case DhcpKind::kSecsLe: {
      if (m.size() < 10) return 0;
      const std::uint64_t le = at(m, 8) | (std::uint64_t{at(m, 9)} << 8);
      return le > 0 && le <= 0xff ? 1 : 0;
    }
    case DhcpKind::kHwType:
    case DhcpKind::kMacAddr:
    case DhcpKind::kHwAddr:
    case DhcpKind::kHwAddrPadding: {
      // chaddr as Wireshark shows it: an Ethernet address and its padding, other
      // addresses as bytes (hlen of them, at most 16) and the rest as padding
      if (m.size() < 2) return 0;
      const std::uint8_t htype = at(m, 1), hlen = m.size() >= 3 ? at(m, 2) : 0;
      const bool mac = (htype == 1 || htype == 6) && hlen == 6;
      if (f->kind == DhcpKind::kHwType) out[n++].u = htype;
      if (f->kind == DhcpKind::kMacAddr && mac && m.size() >= 34) {
        for (int k = 0; k < 6; ++k) out[n].mac[k] = at(m, 28 + static_cast<std::size_t>(k));
        ++n;
      }
      const std::size_t used = mac ? 6 : std::min<std::size_t>(hlen, 16);
      if (f->kind == DhcpKind::kHwAddr && !mac && used > 0 && hlen <= 16 && m.size() >= 28 + used)
        put_s(bytes_of(m.subspan(28, used)));
      // hlen 0 shows "<No address>", no padding
      if (f->kind == DhcpKind::kHwAddrPadding && used > 0 && used < 16 && m.size() >= 44)
        put_s(bytes_of(m.subspan(28 + used, 16 - used)));
      if (f->kind == DhcpKind::kHwType || f->kind == DhcpKind::kMacAddr) break;  // + option 61
      return n;
    }
    case DhcpKind::kServer:
    case DhcpKind::kFile:
    case DhcpKind::kSnameOverloaded:
    case DhcpKind::kFileOverloaded: {
      if (m.size() < kDhcpFixedLen) return 0;
      const bool sname = f->kind == DhcpKind::kServer || f->kind == DhcpKind::kSnameOverloaded;
      const bool over = (s.overload & (sname ? 2 : 1)) != 0;
      if (f->kind == DhcpKind::kSnameOverloaded || f->kind == DhcpKind::kFileOverloaded) {
        out[0].u = 1;
        return over ? 1 : 0;
      }
      const std::size_t at_ = sname ? 44 : 108, len = sname ? 64 : 128;
      if (over) return 0;
      put_s(text_of(m, at_, len));  // "not given": an empty string
      return n;
    }
    case DhcpKind::kVendorArea:
      if (s.cookie || m.size() < kDhcpFixedLen + 64) return 0;
      put_s(bytes_of(m.subspan(kDhcpFixedLen, 64)));
      return n;
    case DhcpKind::kAreaEndMissing: {  // an overloaded field's options without End
      const std::size_t from = f->code == 2 ? 44 : 108, to = f->code == 2 ? 108 : kDhcpFixedLen;
      walk(m, reported, s, [&](const DhcpOption& o, bool main) {
        if (!main || o.code != 52 || o.value.size() != o.length || o.length < 1 || s.overload < 1 ||
            s.overload > 3 || (at(o.value, 0) & f->code) == 0)
          return;
        bool end = false;
        dhcp_area_options(m, from, to, &end);
        if (!end) {
          if (n < cap) out[n].u = 1;
          ++n;
        }
      });
      return n;
    }
    case DhcpKind::kEndMissing: {
      bool end = false;
      walk(m, reported, s, [&](const DhcpOption& o, bool main) { end = end || (o.end && main); });
      // (a cookie with no option after it draws no complaint)
      // (nor does a walk ended by a malformed option)
      return s.cookie && !end && reported > s.options_at && !s.malformed && !s.capture_cut ? 1 : 0;
    }
    case DhcpKind::kSubLength:
    case DhcpKind::kVendorValue:
    case DhcpKind::kBadLength:
    case DhcpKind::kVendorSub:
    case DhcpKind::kPxeSub:
    case DhcpKind::kVendorData:
    case DhcpKind::kViLength:
    case DhcpKind::kViClassLength:
    case DhcpKind::kViClassData:
    case DhcpKind::kTr111Sub:
    case DhcpKind::kTr111Oui:
    case DhcpKind::kTr111Str:
    case DhcpKind::kViValue:
    case DhcpKind::kPxeMore:
    case DhcpKind::kAruba:
    case DhcpKind::kAluSub:
    case DhcpKind::kAluPad:
    case DhcpKind::kAluEnd:
    case DhcpKind::kAluValue:
      // also added by sub-option dissectors not computed here
      if (inexact != nullptr && inexact->dhcp == 0 && !message_understood(m, reported, s))
        note_inexact(&Inexact::dhcp, p);
      break;
    default:
      break;
  }
  bool after_end = false;
  std::size_t end_at = 0;
  walk(m, reported, s, [&](const DhcpOption& o, bool main) {
    option_values(*f, o, out, n, cap, dhcp_vendor43(s));
    if (o.end && main) after_end = true;
  });
  if (f->kind == DhcpKind::kPadding && after_end) {
    // what follows the End option is shown as padding
    DhcpOptions options(m, reported);
    DhcpOption o;
    std::size_t pos = s.options_at;
    while (options.next(o)) {
      if (o.end) break;
      pos += o.pad ? o.value.size() : 2u + o.length;
    }
    end_at = pos + 1;
    // (up to the message's end: not shown when the capture stops short of it)
    if (end_at < m.size() && m.size() >= reported) put_s(bytes_of(m.subspan(end_at)));
  }
  return n;
}

std::uint64_t dhcp_field_max(FieldId id) {
  if (const TableField* f = table_field(id)) return f->max;
  switch (id) {
    case kDhcpId:
      return 0xffffffff;
    case kDhcpSecs:
    case kDhcpFlags:
      return 0xffff;
    case kDhcpBootp:
    case kDhcpFlagBc:
      return UINT64_MAX;  // booleans: any value is taken as true
    default:
      return 0xff;
  }
}

}  // namespace sockscope::capture::filter
