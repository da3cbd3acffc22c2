// Public. A spanning tree BPDU (802.1D configuration and TCN, 802.1w RST, 802.1s MST) as
// Wireshark 4.0's packet-bpdu.c reads it: its offsets, and how far the dissector gets on
// a BPDU of a given captured length. It reads the type, then (configuration and RST) the
// fields its Info column names, up to the port at 25; only then does it add the tree's
// items, in order, so a field is there when the BPDU reaches that stage and its end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "capture/byte_reader.h"

namespace sockscope::capture::stp {

enum Type : std::uint8_t { kConfig = 0x00, kRst = 0x02, kTcn = 0x80 };

constexpr std::size_t kVersion = 2, kType = 3, kFlags = 4, kRootId = 5, kRootCost = 13,
                      kBridgeId = 17, kPort = 25, kMessageAge = 27, kMaxAge = 29, kHelloTime = 31,
                      kForwardDelay = 33, kVersion1Length = 35, kVersion3Length = 36;

inline std::uint8_t byte_at(Bytes b, std::size_t at) {
  return at < b.size() ? static_cast<std::uint8_t>(b[at]) : 0;
}
inline std::uint16_t u16_at(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>(byte_at(b, at) << 8 | byte_at(b, at + 1));
}
inline std::uint32_t u32_at(Bytes b, std::size_t at) {
  return std::uint32_t{u16_at(b, at)} << 16 | u16_at(b, at + 2);
}

// The bytes the dissector reads before it writes the Info column and adds its items:
// the type for a TCN or an unknown type, the port identifier for configuration and RST.
inline std::size_t items_start(std::uint8_t type) {
  return type == kConfig || type == kRst ? kPort + 2 : kType + 1;
}

// Whether the BPDU's items are in the tree (`stp` and its fields): the type was read
// and, for configuration and RST, everything up to the port.
inline bool has_items(Bytes bpdu) {
  return bpdu.size() > kType && bpdu.size() >= items_start(byte_at(bpdu, kType));
}

// Whether a field that ends at `end` was added: the BPDU has its items and that many bytes.
inline bool has_field(Bytes bpdu, std::size_t end) {
  return has_items(bpdu) && bpdu.size() >= end;
}

// Wireshark's Info column: "Conf. TC + Root = 32768/1/00:11:22:33:44:55  Cost = 4  Port =
// 0x8001", "RST. ...", "MST. ...", "Topology Change Notification", "Unknown BPDU type (7)";
// nothing when the BPDU ends before the dissector writes it (stp_info.cpp).
void append_info(std::string& out, Bytes bpdu);

}  // namespace sockscope::capture::stp
