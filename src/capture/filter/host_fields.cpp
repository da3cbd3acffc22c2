// ip.host, ip.src_host, ip.dst_host, ipv6.host, ipv6.src_host, ipv6.dst_host: Wireshark
// 4.0 adds each IP address a second time as a string, its resolved name, which with
// tshark's default (no network name resolution) is the address's text. One occurrence
// per address of ip.addr / ip.src / ip.dst (tunnels and quoted headers included).
#include <map>
#include <string>

#include "capture/filter/fields.h"

namespace sockscope::capture::filter {
namespace {

using enum FieldId;

// The text of an address, kept where a Value's string view may point to it: a node of
// a map never moves, so every view made while a packet is filtered stays valid (several
// layers, both sides of a comparison). The map is emptied when a new packet starts.
std::string_view text_of(const net::IpAddress& a, std::uint32_t packet) {
  thread_local std::map<net::IpAddress, std::string> texts;
  thread_local std::uint32_t filled_for = 0;
  if (packet != filled_for && texts.size() > 256) texts.clear();
  filled_for = packet;
  auto [it, added] = texts.try_emplace(a);
  if (added) it->second = a.to_string();
  return it->second;
}

FieldId addresses_of(FieldId id) {
  switch (id) {
    case kIpHost:
      return kIpAddr;
    case kIpSrcHost:
      return kIpSrc;
    case kIpDstHost:
      return kIpDst;
    case kIpv6Host:
      return kIpv6Addr;
    case kIpv6SrcHost:
      return kIpv6Src;
    default:
      return kIpv6Dst;
  }
}

}  // namespace

int host_field_values(FieldId id, const Packet& p, Value* out, int cap) {
  Value addresses[kMaxValues];
  const int n = field_values(addresses_of(id), p, addresses, kMaxValues);
  for (int i = 0; i < n && i < cap && i < kMaxValues; ++i)
    out[i].s = text_of(addresses[i].ip, p.number);
  return n;
}

}  // namespace sockscope::capture::filter
