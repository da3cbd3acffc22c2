// Public. What Wireshark 4.0 knows of an IP protocol number (scripts/gen-ip-protocols):
// whether a dissector is registered for it, and its name. A number none is registered for
// goes to Wireshark's "data" dissector, and its Info names it: "GGP (3)" after IPv4,
// "Unknown IP Protocol: GGP (3)" after IPv6; a fragment names its protocol the same way.
#pragma once

#include <cstdint>

namespace sockscope::capture {

struct IpProtocolInfo {
  bool dissected = false;  // a Wireshark dissector is registered for the number
  const char* name = "";   // "GGP", "Unassigned", "Unknown": as tshark prints it
};

IpProtocolInfo wireshark_ip_protocol(std::uint8_t proto);

}  // namespace sockscope::capture
