// Public. Wireshark 4.0's duplicate IP address check over ARP (arp.duplicate-address-*,
// "(duplicate use of X detected!)"), on by default: every Ethernet/IPv4 request and reply
// binds its sender's address to its MAC, and a reply its target's too, unless the MAC
// is a group or all-zero address or the IPv4 address is 0. A binding to another MAC than
// the one an address had is reported, naming the frame that last showed the first
// binding, which stays; the Info column names the address the packet's last check
// found. This is how ARP spoofing shows in tshark.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "capture/packet.h"

namespace sockscope::capture {

class ArpDuplicates {
 public:
  // Fills p.arp.duplicates and p.arp.duplicate_in_info for an ARP packet.
  void add(Packet& p);

 private:
  struct Binding {
    Mac mac{};
    std::uint32_t frame = 0;  // the last frame that showed it
    std::int64_t secs = 0;    // that frame's time, in whole seconds
  };
  // Whether `ip` (network byte order) was bound to another MAC: then recorded in p.arp.
  bool check(Packet& p, const Mac& mac, std::uint32_t ip);
  // One entry per IPv4 address ARP announced in the file, as in Wireshark.
  std::unordered_map<std::uint32_t, Binding> bindings_;
};

}  // namespace sockscope::capture
