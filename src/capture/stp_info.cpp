#include "capture/stp_bpdu.h"

#include <cstdio>

namespace sockscope::capture::stp {

void append_info(std::string& out, Bytes bpdu) {
  if (!has_items(bpdu)) return;
  const std::uint8_t type = byte_at(bpdu, kType);
  if (type == kTcn) {
    out.append("Topology Change Notification");
    return;
  }
  char text[160];
  if (type != kConfig && type != kRst) {
    std::snprintf(text, sizeof text, "Unknown BPDU type (%u)", unsigned{type});
    out.append(text);
    return;
  }
  const std::uint8_t version = byte_at(bpdu, kVersion);
  const char* kind = type == kConfig ? "Conf" : version == 3 ? "MST" : version == 4 ? "SPT" : "RST";
  const std::uint16_t root = u16_at(bpdu, kRootId);
  // Wireshark's default bpdu.use_system_id_extension: priority and system ID apart.
  std::snprintf(text, sizeof text,
                "%s. %sRoot = %u/%u/%02x:%02x:%02x:%02x:%02x:%02x  Cost = %u  Port = 0x%04x", kind,
                (byte_at(bpdu, kFlags) & 1u) != 0 ? "TC + " : "", unsigned{root & 0xf000u},
                unsigned{root & 0x0fffu}, byte_at(bpdu, kRootId + 2), byte_at(bpdu, kRootId + 3),
                byte_at(bpdu, kRootId + 4), byte_at(bpdu, kRootId + 5), byte_at(bpdu, kRootId + 6),
                byte_at(bpdu, kRootId + 7), unsigned{u32_at(bpdu, kRootCost)},
                unsigned{u16_at(bpdu, kPort)});
  out.append(text);
}

}  // namespace sockscope::capture::stp
