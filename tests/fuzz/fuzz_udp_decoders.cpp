// Fuzzes every UDP reply decoder (DNS, NTP, SNMP): any datagram ends in a line or in
// "not mine", never a crash, a loop or an over-read; a line is printable.
#include <string_view>

#include "discover/udp_decoders.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view reply(reinterpret_cast<const char*>(data), size);
  for (auto line : {sockscope::discover::decode_dns(reply), sockscope::discover::decode_ntp(reply),
                    sockscope::discover::decode_snmp(reply),
                    sockscope::discover::decode_udp_reply(4000, reply)}) {
    if (!line) continue;
    for (char c : *line) {
      if (static_cast<unsigned char>(c) < 0x20) __builtin_trap();
    }
  }
  return 0;
}
