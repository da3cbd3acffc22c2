// NTP replies (RFC 5905 7.3): the first byte's mode and version, the stratum, and the
// reference id as an address (stratum 2 and up), a source name (stratum 1) or a kiss
// code (stratum 0).
#include "core/text.h"
#include "discover/byte_cursor.h"
#include "discover/udp_decoders.h"

namespace sockscope::discover {

std::optional<std::string> decode_ntp(std::string_view reply) {
  if (reply.size() < 48) return std::nullopt;
  ByteCursor c(reply);
  std::uint8_t first = c.u8();
  std::uint8_t stratum = c.u8();
  unsigned leap = first >> 6;
  unsigned version = (first >> 3) & 7;
  unsigned mode = first & 7;
  if ((mode != 4 && mode != 5) || version < 1 || version > 4 || stratum > 16) return std::nullopt;
  c = ByteCursor(reply, 12);
  std::string_view refid = c.bytes(4);
  std::string line = "NTP: v" + std::to_string(version) + (mode == 4 ? " server" : " broadcast") +
                     ", stratum " + std::to_string(stratum);
  auto ascii = [](std::string_view id) {
    std::size_t end = id.find('\0');
    return escape_nonprintable(id.substr(0, end));
  };
  if (stratum == 0) {
    line += ", kiss code " + ascii(refid);
  } else if (stratum == 1) {
    line += ", refid " + ascii(refid);
  } else if (stratum < 16) {
    auto b = [&](int i) { return std::to_string(static_cast<std::uint8_t>(refid[i])); };
    line += ", ref " + b(0) + "." + b(1) + "." + b(2) + "." + b(3);
  }
  if (leap == 3 || stratum == 16) line += ", unsynchronized";
  return line;
}

}  // namespace sockscope::discover
