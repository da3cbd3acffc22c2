// Fuzzes the raw scans' readers of packets from the network (IPv4 and IPv6 packets
// carrying TCP, ICMP errors; the TCP header and the ICMPv6 message alone, as raw IPv6
// sockets deliver them, the quote's extension headers walked) and the classification of
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
  if (auto t = parse_tcp_header(bytes)) (void)(t->ack + t->window + t->flags);
  if (auto t = parse_ipv6_tcp(bytes)) (void)(t->src.bytes[15] + t->ack + t->ttl);
  if (auto i = parse_icmpv6_unreach(bytes)) (void)(i->quoted_dst.bytes[15] + i->quoted_tcp_seq);
  if (auto e = parse_ipv4_icmp_error(bytes)) {
    (void)icmp_verdict(sockscope::net::Transport::kUdp, AF_INET, e->type, e->code,
                       e->from == e->quoted_dst);
  }
  if (auto e6 = parse_icmpv6_error(bytes)) {  // extension headers of the quote walked
    (void)icmp_verdict(sockscope::net::Transport::kTcp, AF_INET6, e6->type, e6->code,
                       e6->quoted_src_port == e6->quoted_dst_port);
    (void)(e6->quoted_proto + e6->quoted_tcp_seq + e6->quoted_src.bytes[0]);
  }
  (void)inet_checksum(bytes);
  return 0;
}
