// Public. The long forms of one packet: -V (a block per layer with its fields, then a
// hex/ASCII dump of the captured bytes, like tshark -V -x) and -T json (one object).
#pragma once

#include <string>

#include "capture/packet.h"
#include "capture/summary.h"

namespace sockscope::capture {

void append_details(std::string& out, const Packet& p, const SummaryOptions& options);
void append_json(std::string& out, const Packet& p, const SummaryOptions& options);
// tshark -x style: "0000  45 00 ... E..." 16 bytes a line.
void append_hex_dump(std::string& out, Bytes bytes);

}  // namespace sockscope::capture
