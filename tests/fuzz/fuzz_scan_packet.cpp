// Fuzzes the raw scans' readers of packets from the network (raw TCP segments, ICMP
// errors, ICMPv6 errors as a raw ICMPv6 socket delivers them) and the classification of
// what they say: any bytes give a view or nothing, never a read out of bounds.
#include <span>

#include "fuzz_target.h"
#include "net/address.h"
#include "scan/icmp_verdict.h"
#include "scan/packet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sockscope::scan;
  std::span<const std::uint8_t> bytes(data, size);
  if (auto t = parse_ipv4_tcp(bytes)) (void)(t->ack + t->window);
  if (auto i = parse_ipv4_icmp_unreach(bytes)) (void)icmp_unreach_reason(i->code);
  if (auto e = parse_ipv4_icmp_error(bytes)) {
    (void)icmp_verdict(sockscope::net::Transport::kUdp, AF_INET, e->type, e->code,
                       e->from_ip == e->quoted_dst_ip);
  }
  if (auto e6 = parse_icmpv6_error(bytes)) {
    (void)icmp_verdict(sockscope::net::Transport::kUdp, AF_INET6, e6->type, e6->code,
                       e6->quoted_src_port == e6->quoted_dst_port);
  }
  (void)inet_checksum(bytes);
  return 0;
}
