// Fuzzes the SYN scan's readers of packets from the network (raw TCP segments and ICMP
// unreachables; for IPv6 the TCP header and ICMPv6 message alone, as raw IPv6 sockets
// deliver them): any bytes give a view or nothing, never a read out of bounds.
#include <span>

#include "fuzz_target.h"
#include "scan/packet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sockscope::scan;
  std::span<const std::uint8_t> bytes(data, size);
  if (auto t = parse_ipv4_tcp(bytes)) (void)(t->ack + t->window);
  if (auto i = parse_ipv4_icmp_unreach(bytes)) (void)icmp_unreach_reason(i->code);
  if (auto t = parse_tcp_header(bytes)) (void)(t->ack + t->window + t->flags);
  if (auto i = parse_icmpv6_unreach(bytes)) {
    (void)icmpv6_unreach_reason(i->code);
    (void)(i->quoted_dst.bytes[15] + i->quoted_tcp_seq);
  }
  (void)inet_checksum(bytes);
  return 0;
}
