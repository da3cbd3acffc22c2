// IEEE 802.2 LLC after an 802.3 length (and raw IPX, which has no LLC), as Wireshark 4.0's
// packet-ieee8023.c and packet-llc.c read them: the PDU is what the length announces, at
// most what was on the wire; LLC's header is DSAP, SSAP and a control field, then SNAP's
// OUI and protocol ID when both SAPs are 0xaa.
#include <algorithm>

#include "capture/dissect/dissect.h"
#include "capture/dissect/ethertype.h"
#include "capture/llc_names.h"

namespace sockscope::capture {
namespace {

// The payload goes to Wireshark's "data" dissector.
void as_data(LlcInfo& llc, Packet& p) {
  if (llc.payload_reported == 0) return;  // (nothing: no data layer)
  llc.next = LlcNext::kData;
  take_as_ether_data(llc.payload, p);
  p.payload_len = llc.payload_reported;
}

// The payload of a SNAP header (Wireshark's dissect_snap).
void dissect_snap_payload(LlcInfo& llc, Packet& p) {
  const SnapOui kind = snap_oui_kind(llc.oui);
  // An ethertype's dissector runs even on nothing (and throws: malformed, as after an
  // Ethernet header); the others' only on bytes.
  if (llc.information() && kind == SnapOui::kEthertype) {
    switch (llc.pid) {
      case 0x0800:
      case 0x86dd:
      case 0x0806: {
        const std::uint16_t own = p.ethertype;  // the 802.3 length stays eth.len
        dissect_ethertype(llc.pid, llc.payload, p);
        p.ethertype = own;
        llc.next = p.ipv6_bogus ? LlcNext::kData : LlcNext::kLayer;
        return;
      }
      default:
        if (wireshark_ethertype(llc.pid).dissected) {
          llc.next = LlcNext::kUndissected;
          return;
        }
        return as_data(llc, p);
    }
  }
  // (only an information frame's bytes go to the OUI's table; the rest is data)
  if (llc.information() && llc.payload_reported != 0 && snap_pid_dissected(llc.oui, llc.pid)) {
    llc.next = LlcNext::kUndissected;
    return;
  }
  as_data(llc, p);
}

// The payload of an LLC header without SNAP.
void dissect_sap_payload(LlcInfo& llc, Packet& p) {
  if (llc.payload_reported == 0) return;
  if (!llc.information()) {
    // A basic-format XID frame (format 0x81) goes to Wireshark's XID dissector; another
    // format is data.
    if ((llc.control & 0xefu) == 0xafu &&
        (llc.payload.empty() || llc.payload[0] == std::byte{0x81})) {
      llc.next = LlcNext::kUndissected;
      return;
    }
    return as_data(llc, p);
  }
  switch (llc.dsap) {
    case 0x06:
      llc.next = LlcNext::kLayer;
      return dissect_ipv4(llc.payload, p);
    case 0x42:
      llc.next = LlcNext::kLayer;
      return dissect_stp(p);
    default:
      if (dsap_dissected(llc.dsap)) {
        llc.next = LlcNext::kUndissected;
        return;
      }
      return as_data(llc, p);
  }
}

}  // namespace

void dissect_ieee8023(std::uint16_t length, Bytes bytes, Packet& p) {
  // Raw IPX (0xffff where the SAPs would be) has no LLC; it is not dissected.
  if (bytes.size() >= 2 && bytes[0] == std::byte{0xff} && bytes[1] == std::byte{0xff}) return;
  const auto reported =
      static_cast<std::uint32_t>(std::min<std::size_t>(length, reported_size(bytes, p)));
  dissect_llc(bytes.first(std::min<std::size_t>(bytes.size(), reported)), reported, p);
}

void dissect_llc(Bytes pdu, std::uint32_t reported, Packet& p) {
  LlcInfo& llc = p.llc;
  llc = LlcInfo{};
  llc.reported = reported;
  llc.bytes = pdu;
  p.protos |= kProtoLlc;
  ByteReader r(llc.bytes);
  llc.dsap = r.u8();
  if (!r.ok()) return mark_cut(p, "LLC header", 1, llc.reported);
  llc.read = 1;
  llc.ssap = r.u8();
  if (!r.ok()) return mark_cut(p, "LLC header", 2, llc.reported);
  llc.read = 2;
  const std::uint8_t first = r.u8();
  if (!r.ok()) return mark_cut(p, "LLC control", 3, llc.reported);
  llc.control = first;
  if ((first & 3u) != 3u) {  // I and S frames: two bytes, little-endian
    const std::uint8_t second = r.u8();
    if (!r.ok()) return mark_cut(p, "LLC control", 4, llc.reported);
    llc.control = static_cast<std::uint16_t>(first | (second << 8));
  }
  llc.read = 3;
  llc.snap = llc.dsap == 0xaa && llc.ssap == 0xaa;
  std::size_t header = r.offset();
  if (llc.snap) {
    const std::uint32_t oui_high = r.u16();  // (one read per statement: they are ordered)
    llc.oui = oui_high << 8 | r.u8();
    llc.pid = r.u16();
    if (!r.ok()) return mark_cut(p, "SNAP header", header + 5, llc.reported);
    llc.snap_read = true;
    header += 5;
  }
  llc.payload = llc.bytes.subspan(std::min(header, llc.bytes.size()));
  llc.payload_reported =
      llc.reported > header ? static_cast<std::uint32_t>(llc.reported - header) : 0;
  if (llc.snap) return dissect_snap_payload(llc, p);
  dissect_sap_payload(llc, p);
}

}  // namespace sockscope::capture
