// Public. The Protocol and Info columns tshark 4.0 shows for a payload an 802.3 frame (raw
// IPX, or LLC's DSAP, SNAP or XID) or the XNS ethertype hands to a dissector sockscope does
// not otherwise model: XID, GVRP/GMRP/GARP, NetBIOS, IPX, LLDP, CDP, DDP, IDP. Only the
// cases whose columns follow from a few header bytes are answered (measured against
// tshark 4.0, and read from its dissectors): the rest keeps LLC's or Ethernet's columns,
// and the filters stay warned (ieee8023_undissected).
#pragma once

#include <string>

#include "capture/packet.h"

namespace sockscope::capture {

struct PayloadColumns {
  const char* protocol = nullptr;  // the Protocol column
  std::string info;                // the Info column, before any malformed mark
  bool keep_llc_info = false;      // the dissector threw before it wrote Info: LLC's stays
  bool malformed = false;          // "[Malformed Packet]" follows
  bool contained = false;          // ...as "length of contained item exceeds..."
};

// False when the packet carries none of these payloads, or one whose columns we do not
// know exactly.
bool undissected_payload_columns(const Packet& p, PayloadColumns& out);

}  // namespace sockscope::capture
