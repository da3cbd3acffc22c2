// The spanning tree BPDU LLC's DSAP 0x42 carries (capture/stp_bpdu.h): how many bytes
// Wireshark's dissector reads, so that a BPDU that ends before them is malformed (or
// short, when the snap length cut it), and its Info and fields are where tshark has them.
#include "capture/dissect/dissect.h"
#include "capture/stp_bpdu.h"

namespace sockscope::capture {
namespace {

// What Wireshark's dissector reads of an MST BPDU (version 3 and up, version 1 length 0,
// 102 bytes or more): the MST extension and its MSTI messages, 16 bytes each, as many as
// the version 3 length (or, when it is 0, the configuration format selector) announces.
std::size_t mst_end(Bytes bpdu, std::uint32_t reported) {
  constexpr std::size_t kMstSize = 102, kStatic = 64, kMsti = 16;
  const std::uint16_t v3 = stp::u16_at(bpdu, stp::kVersion3Length);
  const std::uint8_t selector = stp::byte_at(bpdu, stp::kVersion3Length + 2);
  long total = 0;
  if (v3 != 0)
    total = v3 >= kStatic ? long{v3} - long{kStatic} : long{v3} * long{kMsti};
  else if (reported == selector + kMstSize + 1)
    total = long{selector} - long{kStatic};
  const std::size_t messages =
      total > 0 ? (static_cast<std::size_t>(total) + kMsti - 1) / kMsti : 0;
  return kMstSize + messages * kMsti;
}

// The bytes the dissector reads of this BPDU, before the case of each type returns.
std::size_t bpdu_end(Bytes bpdu, std::uint32_t reported) {
  if (bpdu.size() <= stp::kType) return stp::kType + 1;
  const std::uint8_t type = stp::byte_at(bpdu, stp::kType);
  if (type == stp::kConfig) return stp::kForwardDelay + 2;
  if (type != stp::kRst) return stp::kType + 1;
  if (bpdu.size() <= stp::kVersion1Length) return stp::kVersion1Length + 1;
  const bool mst = stp::byte_at(bpdu, stp::kVersion) >= 3 &&
                   stp::byte_at(bpdu, stp::kVersion1Length) == 0 && reported >= 102;
  return mst ? mst_end(bpdu, reported) : stp::kVersion1Length + 1;
}

bool garp_destination(const Packet& p) {
  const Mac& d = p.eth_dst;
  return p.has_mac && d[0] == 0x01 && d[1] == 0x80 && d[2] == 0xc2 && d[3] == 0 && d[4] == 0 &&
         (d[5] == 0x0d || (d[5] & 0xf0u) == 0x20);
}

}  // namespace

void dissect_stp(Packet& p) {
  LlcInfo& llc = p.llc;
  // GARP's applications (GMRP, GVRP, others) share the SAP; the destination tells them.
  if (garp_destination(p)) {
    llc.next = LlcNext::kUndissected;
    return;
  }
  p.protos |= kProtoStp;
  const Bytes bpdu = llc.payload;
  const std::size_t end = bpdu_end(bpdu, llc.payload_reported);
  if (bpdu.size() >= end) return;
  mark_cut(p, "STP BPDU", end, llc.payload_reported);
}

}  // namespace sockscope::capture
