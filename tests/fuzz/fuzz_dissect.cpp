// Fuzzes the dissectors directly: the first byte picks the link type, the rest is one
// frame. A first byte of 0xf0-0xff instead makes the rest a PPP frame inside PPTP's GRE
// (Ethernet, IPv4, GRE version 1 with a sequence number), so the PPP, LCP/IPCP, PAP and
// CHAP readers get the fuzzer's bytes straight. Every read goes through ByteReader;
// nothing may read outside the frame.
#include <cstring>
#include <string>
#include <vector>

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
      "or dhcp.option.vi.enterprise or count(dhcp.option.value) > 3 or dhcp.hw.addr_padding or "
      "dhcp.option.vi.tr111.device_manufacturer_oui == 1 or dhcp.option.vi.value or "
      "dhcp.option.vi.tr111.device_serial_number or dhcp.option.vi.tr111.suboption == 9 or "
      "dhcp.option.private_proxy_autodiscovery or dhcp.option.time_offset & 1 or "
      "dhcp.option.vendor.pxeclient.boot_servers.ip or dhcp.option.vendor.pxeclient.boot_menu.desc "
      "or dhcp.option.vendor.arubaiap.password or dhcp.option.vendor.alu.vid or "
      "dhcp.option.vendor.alu.sip_url");
  // Every PPP field, none of them likely to hold, so that each is read.
  static const DisplayFilter ppp_filter = DisplayFilter::compile(
      "ppp.address == 1 or ppp.control == 1 or ppp.protocol == 1 or ppp.code == 99 or "
      "ppp.identifier == 0xfe or ppp.length == 1 or ppp.data contains \"zz\" or "
      "lcp.magic_number == 1 or lcp.data contains \"zz\" or lcp.message contains \"zz\" or "
      "lcp.secs_remaining == 1 or lcp.rej_proto == 1 or count(lcp.opt.type) == 99 or "
      "lcp.opt.length == 1 or lcp.opt.mru == 1 or lcp.opt.asyncmap == 1 or "
      "lcp.opt.auth_protocol == 1 or lcp.opt.magic_number == 1 or ipcp.opt.type == 99 or "
      "ipcp.opt.length == 1 or ipcp.opt.ip_address == 1.2.3.4 or "
      "ipcp.opt.pri_dns_address == 1.2.3.4 or ipcp.opt.sec_dns_address == 1.2.3.4 or "
      "pap.code == 99 or pap.identifier == 0xfe or pap.length == 1 or pap.peer_id.length == 1 or "
      "pap.peer_id contains \"zz\" or pap.password.length == 1 or pap.password contains \"zz\" or "
      "pap.message.length == 1 or pap.message contains \"zz\" or chap.code == 99 or "
      "chap.identifier == 0xfe or chap.length == 1 or chap.value_size == 1 or "
      "chap.value contains \"zz\" or chap.name contains \"zz\" or chap.message contains \"zz\" or "
      "len(ppp) == 1 or lcp[0:2] == 00:00 or ipcp contains \"zz\" or pap[1] == 00 or "
      "chap[-1] == 00 or ccp[0] == 99 or ipv6cp contains \"zz\" or comp_data[0] == 99 or "
      "gre.key#2 == 1 or count(gre) == 5 or gre[0:2] == 00:00");
  // Every VLAN and Linux cooked field, tags as layers, the protocols' bytes.
  static const DisplayFilter link_filter = DisplayFilter::compile(
      "vlan.priority == 9 or vlan.dei == 1 or vlan.id#2 == 1 or vlan.etype == 1 or "
      "vlan.len == 1 or ieee8021ad.priority == 9 or ieee8021ad.dei == 9 or ieee8021ad.id == 1 or "
      "count(vlan) == 4 or len(vlan#2) == 9 or vlan[0:2] == 00:00 or ieee8021ad contains 00 or "
      "vlan#3 or sll.pkttype == 9 or sll.hatype == 1 or sll.halen == 9 or "
      "sll.src.eth == 02:00:00:00:00:09 or sll.src.ipv4 == 1.2.3.4 or sll.src.other contains 09 or "
      "sll.unused contains 09 or sll.ltype == 9 or sll.gretype == 9 or sll.etype == 9 or "
      "sll.ifindex == 9 or len(sll) == 9 or sll[14:2] == 00:09");
  // Every LLC and STP field, and the protocols' bytes.
  static const DisplayFilter llc_filter = DisplayFilter::compile(
      "llc.dsap == 9 or llc.dsap.sap == 9 or llc.dsap.ig or llc.ssap.sap == 9 or llc.ssap.cr or "
      "llc.control == 9 or llc.control.n_r == 9 or llc.control.n_s == 9 or llc.control.p or "
      "llc.control.f or llc.control.s_ftype == 9 or llc.control.u_modifier_cmd == 9 or "
      "llc.control.u_modifier_resp == 9 or llc.control.ftype == 9 or llc.type == 9 or "
      "llc.oui == 9 or llc.pid == 9 or llc.cisco_pid == 9 or len(llc) == 99 or "
      "llc[0:2] == 00:09 or stp.protocol == 9 or stp.version == 9 or stp.type == 9 or "
      "stp.flags == 9 or stp.flags.tc or stp.flags.tcack or stp.flags.agreement or "
      "stp.flags.forwarding or stp.flags.learning or stp.flags.port_role == 9 or "
      "stp.flags.proposal or stp.root.prio == 9 or stp.root.ext == 9 or "
      "stp.root.hw == 02:00:00:00:00:09 or stp.root.cost == 9 or stp.bridge.prio == 9 or "
      "stp.bridge.ext == 9 or stp.bridge.hw == 02:00:00:00:00:09 or stp.port == 9 or "
      "stp.msg_age == 9 or stp.max_age == 9 or stp.hello == 9 or stp.forward == 9 or "
      "stp.version_1_length == 9 or len(stp) == 99 or stp[-1] == 09");
  static const std::uint8_t kPptpHead[] = {
      0x02, 0,    0,    0,    0, 0x02, 0x02, 0,    0,  0,  0, 0x01, 0x08, 0x00,  // Ethernet
      0x45, 0,    0,    0,    0, 1,    0x40, 0,    64, 47, 0, 0,    192,  0,
      2,    1,    192,  0,    2, 2,                                // IPv4, GRE
      0x30, 0x01, 0x88, 0x0b, 0, 0,    0x40, 0x01, 0,  0,  0, 1};  // GRE v1: key, sequence
  std::vector<std::uint8_t> frame;  // sized exactly, so a read past the end is caught
  Packet p;
  if (data[0] >= 0xf0) {
    frame.resize(sizeof kPptpHead + size - 1);
    std::memcpy(frame.data(), kPptpHead, sizeof kPptpHead);
    if (size > 1) std::memcpy(frame.data() + sizeof kPptpHead, data + 1, size - 1);
    const std::size_t ip_len = frame.size() - 14;
    frame[16] = static_cast<std::uint8_t>(ip_len >> 8);
    frame[17] = static_cast<std::uint8_t>(ip_len & 0xff);
    p.linktype = kLinkEthernet;
    p.data = Bytes(reinterpret_cast<const std::byte*>(frame.data()), frame.size());
  } else {
    p.linktype = links[data[0] % 8];
    p.data = Bytes(reinterpret_cast<const std::byte*>(data + 1), size - 1);
  }
  p.caplen = p.len = static_cast<std::uint32_t>(p.data.size());
  dissect_packet(p);
  std::string out;
  append_summary(out, p, {});
  (void)filter.matches(p);
  (void)ppp_filter.matches(p);
  (void)link_filter.matches(p);
  (void)llc_filter.matches(p);
  (void)frame_protocols(p, out);
  append_details(out, p, {});
  append_json(out, p, {});
  return 0;
}
