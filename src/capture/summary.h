// Public. tshark's default one-line summary of a dissected, tracked packet:
// "No. Time Source → Destination Protocol Length Info", with the same column widths and
// the same Info text Wireshark writes for TCP, UDP, ICMP, ICMPv6 and ARP.
#pragma once

#include <string>

#include "capture/packet.h"

namespace sockscope::capture {

struct SummaryOptions {
  bool absolute_seq = false;  // raw sequence numbers instead of relative ones
  int time_digits = 6;        // fraction digits of the relative time (file resolution)
};

// Appends the Source and Destination column texts.
void append_source(std::string& out, const Packet& p);
void append_destination(std::string& out, const Packet& p);
// Appends the Info column text.
void append_info(std::string& out, const Packet& p, const SummaryOptions& options);
// Appends the whole line, with a trailing newline.
void append_summary(std::string& out, const Packet& p, const SummaryOptions& options);
// Wireshark's "[SYN, ACK]" flag list, without the brackets.
void append_tcp_flags(std::string& out, std::uint16_t flags);

}  // namespace sockscope::capture
