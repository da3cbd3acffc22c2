#include "discover/udp_decoders.h"

namespace sockscope::discover {

std::optional<std::string> decode_udp_reply(std::uint16_t port, std::string_view reply) {
  switch (port) {
    case 53:
    case 5353:
      return decode_dns(reply);
    case 123:
      return decode_ntp(reply);
    case 161:
    case 162:
      return decode_snmp(reply);
    default:
      break;
  }
  if (auto line = decode_snmp(reply)) return line;
  if (auto line = decode_dns(reply)) return line;
  return decode_ntp(reply);
}

}  // namespace sockscope::discover
