// Fuzzes the dissectors directly: the first byte picks the link type, the rest is one
// frame. Every read goes through ByteReader; nothing may read outside the frame.
#include <string>

#include "capture/display_filter.h"
#include "capture/dissect/dissect.h"
#include "capture/frame_protocols.h"
#include "capture/packet_detail.h"
#include "capture/summary.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sockscope::capture;
  if (size < 1) return 0;
  static const std::uint32_t links[] = {kLinkEthernet, kLinkSll, kLinkSll2, kLinkNull,
                                        kLinkLoop,     kLinkRaw, kLinkIpv4, kLinkIpv6};
  static const DisplayFilter filter = DisplayFilter::compile(
      "tcp.port == 80 or udp contains \"x\" or ip.addr == 10.0.0.0/8 or ipv6 or arp.opcode == 1 or "
      "icmp.type == 3 or gre.key == 5 or frame.protocols contains \"gre:ip\" or "
      "dhcp.option.type == 61 or dhcp.option.hostname contains \"a\" or "
      "dhcp.option.request_list_item == 3 or dhcp.hw.mac_addr == 02:00:00:00:00:01 or dhcp.bootp "
      "or dhcp.option.value contains 01 or dhcp.client_id.link_layer_address contains \"0\" or "
      "dhcp.option.agent_information_option.subscriber_id or dhcp.fqdn.name == \"a.b\" or "
      "dhcp.server or dhcp.option.option_overload.file_end_missing or dhcp.option.padding or "
      "dhcp.option.time_offset < 0 or dhcp.option.static_route.router or dhcp.end_option_missing "
      "or dhcp.option.vi.enterprise or count(dhcp.option.value) > 3 or dhcp.hw.addr_padding");
  Packet p;
  p.linktype = links[data[0] % 8];
  p.data = Bytes(reinterpret_cast<const std::byte*>(data + 1), size - 1);
  p.caplen = p.len = static_cast<std::uint32_t>(size - 1);
  dissect_packet(p);
  std::string out;
  append_summary(out, p, {});
  (void)filter.matches(p);
  (void)frame_protocols(p, out);
  append_details(out, p, {});
  append_json(out, p, {});
  return 0;
}
