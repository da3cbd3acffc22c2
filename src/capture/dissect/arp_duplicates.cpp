#include "capture/dissect/arp_duplicates.h"

#include <algorithm>
#include <cstring>

namespace sockscope::capture {
namespace {

std::uint32_t ipv4_of(const net::IpAddress& a) {
  std::uint32_t v = 0;
  std::memcpy(&v, a.bytes.data(), 4);
  return v;
}

// A MAC and address Wireshark binds: not a group MAC, not all zeros, not 0.0.0.0.
bool bindable(const Mac& mac, std::uint32_t ip) {
  return (mac[0] & 1u) == 0 && std::any_of(mac.begin(), mac.end(), [](auto b) { return b != 0; }) &&
         ip != 0;
}

}  // namespace

bool ArpDuplicates::check(Packet& p, const Mac& mac, std::uint32_t ip) {
  const auto [it, fresh] = bindings_.try_emplace(ip, Binding{mac, p.number, p.ts.sec});
  if (fresh) return false;
  Binding& b = it->second;
  if (b.mac == mac) {
    b.frame = p.number;
    b.secs = p.ts.sec;
    return false;
  }
  ArpInfo& a = p.arp;
  if (a.duplicate_count < a.duplicates.size())
    a.duplicates[a.duplicate_count++] = {b.frame, static_cast<std::uint32_t>(p.ts.sec - b.secs)};
  return true;
}

void ArpDuplicates::add(Packet& p) {
  if (!p.has(kProtoArp)) return;
  ArpInfo& a = p.arp;
  const bool ether = (a.htype == 1 || a.htype == 6) && a.hlen == 6;
  const bool ipv4 = (a.ptype == 0x0800 || a.ptype == 0x00cc) && a.plen == 4;
  if (!a.addresses || (a.op != 1 && a.op != 2) || !ether || !ipv4) return;
  bool detected = false;
  std::uint32_t found = 0;
  const std::uint32_t sender = ipv4_of(a.sender_ip), target = ipv4_of(a.target_ip);
  if (bindable(a.sender_mac, sender) && check(p, a.sender_mac, sender)) {
    detected = true;
    found = sender;
  }
  // A request's target means nothing (RFC 826); the same address is not checked twice.
  if (a.op == 2 && bindable(a.target_mac, target) && found != target) {
    detected = check(p, a.target_mac, target);
    if (detected) found = target;
  }
  a.duplicate_in_info = detected;
  if (detected) a.duplicate_ip = found == sender ? a.sender_ip : a.target_ip;
}

}  // namespace sockscope::capture
