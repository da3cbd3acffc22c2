// Public. What Wireshark 4.0 knows of an ethertype (scripts/gen-ethertypes): whether one
// of its dissectors takes it, and its name. A type none takes goes to Wireshark's "data"
// dissector, and its summary line shows the type and the name (or "Ethernet II").
#pragma once

#include <cstdint>

namespace sockscope::capture {

struct EthertypeInfo {
  bool dissected = false;      // some Wireshark dissector takes it
  const char* name = nullptr;  // "Local Experimental Ethertype 1"; nullptr: none
};

EthertypeInfo wireshark_ethertype(std::uint16_t type);

}  // namespace sockscope::capture
