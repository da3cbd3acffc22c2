// Public. Wireshark's frame.protocols: the colon-separated names of the layers a frame
// was dissected into ("eth:ethertype:ip:tcp:http"), built from a dissected Packet on
// demand (only a display filter that names the field pays for it).
#pragma once

#include <string>

#include "capture/packet.h"

namespace sockscope::capture {

// Writes tshark 4.0's frame.protocols for `p` into `out`. Returns false where our
// dissection stops before tshark's would (a link, ethertype, IP protocol or GRE payload
// we do not dissect, an HTTP body of a media type tshark hands to a dissector of its
// own): `out` then names the layers we know, and tshark's string may go on.
bool frame_protocols(const Packet& p, std::string& out);

}  // namespace sockscope::capture
