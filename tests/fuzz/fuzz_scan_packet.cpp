// Fuzzes the SYN scan's readers of packets from the network (raw TCP segments and ICMP
// unreachables): any bytes give a view or nothing, never a read out of bounds.
#include <span>

#include "fuzz_target.h"
#include "scan/packet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> bytes(data, size);
  if (auto t = sockscope::scan::parse_ipv4_tcp(bytes)) (void)(t->ack + t->window);
  if (auto i = sockscope::scan::parse_ipv4_icmp_unreach(bytes)) {
    (void)sockscope::scan::icmp_unreach_reason(i->code);
  }
  (void)sockscope::scan::inet_checksum(bytes);
  return 0;
}
