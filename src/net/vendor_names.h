// Public. The long vendor names of Wireshark's manuf file ("Cisco Systems, Inc" where the
// short name is "Cisco"), by 24-bit OUI, as Wireshark 4.0's uint_get_manuf_name_if_known
// finds them: only the plain 3-byte prefixes, not the ranges with a bit count.
#pragma once

#include <cstdint>
#include <string>

namespace sockscope::net {

// The long name (the short one when the line has none); "" when the OUI is not listed or
// the file is missing. The file is read at the first call; each OUI is looked up once.
std::string vendor_long_name(std::uint32_t oui);

}  // namespace sockscope::net
