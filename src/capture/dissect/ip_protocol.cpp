#include "capture/dissect/ip_protocol.h"

namespace sockscope::capture {
namespace {

constexpr IpProtocolInfo kTable[256] = {
#include "capture/dissect/ip_protocol_table.inc"
};

}  // namespace

IpProtocolInfo wireshark_ip_protocol(std::uint8_t proto) {
  return kTable[proto];
}

}  // namespace sockscope::capture
