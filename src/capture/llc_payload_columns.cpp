// The columns of the protocols after an 802.3 length that tshark 4.0 dissects and we only
// name (capture/llc_payload_columns.h). Each case reads what the Wireshark dissector reads
// before it writes its columns or throws, and answers only when that is certain: all the
// bytes it needs captured (else it may be short instead), and no later read that could
// change what it wrote.
#include "capture/llc_payload_columns.h"

#include <algorithm>

#include "capture/stp_bpdu.h"

namespace sockscope::capture {
namespace {

using stp::byte_at;
using stp::u16_at;

// A header of `header` bytes with a length field at 2 (IPX's and IDP's): the dissector
// cuts the PDU to that length, then reads the header whole, so a PDU or length shorter than
// the header is malformed. True when the header was read whole; false when malformed or
// unknown (`known` false: a byte it needs was not captured).
bool length_cut_header(Bytes b, std::uint32_t reported, std::size_t header, bool& known,
                       bool& malformed) {
  known = false;
  malformed = false;
  if (reported < 4) {
    known = b.size() >= reported;
    malformed = known;
    return false;
  }
  if (b.size() < 4) return false;
  const std::size_t pdu = std::min<std::size_t>(u16_at(b, 2), reported);
  if (pdu < header) {
    known = b.size() >= pdu;
    malformed = known;
    return false;
  }
  known = b.size() >= header;
  return known;
}

bool ipx_columns(Bytes b, std::uint32_t reported, PayloadColumns& out) {
  bool known = false, malformed = false;
  length_cut_header(b, reported, 30, known, malformed);
  if (!malformed) return false;  // (a whole header: its Info depends on what follows)
  out.protocol = "IPX";          // (col_clear before the header is read)
  out.malformed = true;
  return true;
}

// The LLC basic format XID (IEEE 802.2): format 0x81, the LLC types, the window size.
bool xid_columns(Bytes b, std::uint32_t reported, PayloadColumns& out) {
  static constexpr const char* kTypes[] = {
      nullptr,
      "Type 1 LLC (Class I LLC)",
      "Type 2 LLC",
      "Type 1 and Type 2 LLCs (Class II LLC)",
      "Type 3 LLC",
      "Type 1 and Type 3 LLCs (Class III LLC)",
      "Type 2 and Type 3 LLCs",
      "Type 1 and Type 2 and Type 3 LLCs (Class IV LLC)",
  };
  if (b.size() < std::min<std::size_t>(reported, 3)) return false;
  out.protocol = "XID";
  out.info = "Basic Format";
  if (reported >= 2) {
    const std::uint8_t types = byte_at(b, 1);
    if (types == 0 || types > 7) return false;  // (a name we have not measured)
    out.info += "; ";
    out.info += kTypes[types];
  }
  if (reported >= 3) {
    out.info += "; Window Size ";
    out.info += std::to_string(byte_at(b, 2) >> 1);
  }
  out.malformed = reported < 3;
  return true;
}

// GARP's applications, told apart by the destination (01:80:c2:00:00:2X, or 0d).
bool garp_columns(const Packet& p, Bytes b, std::uint32_t reported, PayloadColumns& out) {
  const std::uint8_t app = p.eth_dst[5];
  if (app == 0x20 || app == 0x21 || app == 0x0d) {
    // GMRP and GVRP write their name, then read the protocol ID: one other than 1 is
    // followed by data; 1, by messages, of which we know only the end mark.
    if (reported < 2 || b.size() < 2) return false;
    if (u16_at(b, 0) == 1 && (b.size() < 3 || byte_at(b, 2) != 0)) return false;
    out.protocol = app == 0x20 ? "GMRP" : "GVRP";
    out.info = out.protocol;
    return true;
  }
  out.protocol = "GARP";
  static constexpr char kDigits[] = "0123456789ABCDEF";
  out.info = "Unknown GARP application (0x";
  out.info += kDigits[app >> 4];
  out.info += kDigits[app & 0xfu];
  out.info += ')';
  return true;
}

// NetBIOS looks for its 0xEFFF marker at 2, then at 3 (an extra LLC byte some send).
bool netbios_columns(Bytes b, std::uint32_t reported, PayloadColumns& out) {
  if (b.size() < std::min<std::size_t>(reported, 5)) return false;
  out.protocol = "NetBIOS";
  if (reported < 4) {
    out.keep_llc_info = out.malformed = true;
    return true;
  }
  if (u16_at(b, 2) == 0xffef) return false;  // (read little-endian: a NetBIOS message)
  if (reported < 5) {
    out.keep_llc_info = out.malformed = true;
    return true;
  }
  if (u16_at(b, 3) == 0xffef) return false;
  out.info = "Bad packet, no 0xEFFF marker";
  return true;
}

// LLDP takes its first TLV as a subset of the TLV's own length: one longer than the PDU
// throws before any item.
bool lldp_columns(Bytes b, std::uint32_t reported, PayloadColumns& out) {
  if (b.size() < std::min<std::size_t>(reported, 2)) return false;
  if (reported >= 2 && (u16_at(b, 0) & 0x1ffu) + 2u <= reported) return false;
  out.protocol = "LLDP";
  out.malformed = true;
  out.contained = reported >= 2;
  return true;
}

bool snap_columns(const LlcInfo& llc, PayloadColumns& out) {
  const Bytes b = llc.payload;
  const std::uint32_t reported = llc.payload_reported;
  if (llc.oui == 0 && llc.pid == 0x88cc) return lldp_columns(b, reported, out);
  if (llc.oui == 0x00000c && llc.pid == 0x2000) {
    // CDP: version, TTL and a checksum over the whole PDU, then TLVs, of which the
    // Device ID and Port ID write Info; with no TLV, nothing does.
    if (reported != 4 || b.size() != 4) return false;
    out.protocol = "CDP";
    return true;
  }
  if (llc.oui == 0x080007 && llc.pid == 0x809b) {
    // DDP's 13-byte header, read after the columns were cleared
    if (reported >= 13 || b.size() < reported) return false;
    out.protocol = "DDP";
    out.malformed = true;
    return true;
  }
  return false;
}

bool llc_columns(const Packet& p, PayloadColumns& out) {
  const LlcInfo& llc = p.llc;
  if (llc.next != LlcNext::kUndissected) return false;
  if (llc.snap) return snap_columns(llc, out);
  const Bytes b = llc.payload;
  const std::uint32_t reported = llc.payload_reported;
  if (!llc.information()) return xid_columns(b, reported, out);  // (the only other kind)
  switch (llc.dsap) {
    case 0x42:
      return garp_columns(p, b, reported, out);
    case 0xe0:
      return ipx_columns(b, reported, out);
    case 0xf0:
      return netbios_columns(b, reported, out);
    default:
      return false;
  }
}

// The Ethernet payload of an untagged frame captured whole, as its dissector gets it.
bool whole_ethernet_payload(const Packet& p, Bytes& b, std::uint32_t& reported) {
  if (!p.has(kProtoEth) || p.vlan_count != 0 || p.data.size() != p.len || p.len < 14) return false;
  b = Bytes(p.data).subspan(14);
  reported = static_cast<std::uint32_t>(b.size());
  return true;
}

}  // namespace

bool undissected_payload_columns(const Packet& p, PayloadColumns& out) {
  // (every summary line asks: the cheap tests of the link layer first)
  const bool raw_ipx = is_raw_ipx(p);
  const bool idp = p.eth_kind == EthKind::kType && p.ethertype == 0x0600;
  if (!p.has(kProtoLlc) && !raw_ipx && !idp) return false;
  out = PayloadColumns{};
  if (p.has(kProtoLlc)) return llc_columns(p, out);
  Bytes b;
  std::uint32_t reported = 0;
  if (!whole_ethernet_payload(p, b, reported)) return false;
  if (raw_ipx) return ipx_columns(b, std::min<std::uint32_t>(reported, p.ethertype), out);
  // XNS IDP: the columns cleared, its 30-byte header cut to its length field; SPP (type 5)
  // writes its own.
  bool known = false, malformed = false;
  const bool whole = length_cut_header(b, reported, 30, known, malformed);
  if (!known || (whole && byte_at(b, 5) == 5)) return false;
  out.protocol = "IDP";
  out.malformed = malformed;
  return true;
}

}  // namespace sockscope::capture
