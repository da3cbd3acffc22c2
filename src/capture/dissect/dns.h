// Public. The few DNS fields display filters use, read from a DNS message on demand:
// the header flags, the first question's name, the A records of the answers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capture/byte_reader.h"
#include "capture/packet.h"

namespace sockscope::capture {

struct DnsHeader {
  std::uint16_t id = 0, flags = 0, questions = 0, answers = 0;
};
// False when the message is shorter than the 12-byte header.
bool dns_header(Bytes message, DnsHeader& out);
// The questions' names as tshark's dns.qry.name gives them ("example.com", "<Root>",
// escapes as in the Info column), up to the first question cut short; returns how many.
int dns_query_names(Bytes message, std::vector<std::string>& out);
// The IPv4 addresses of the answers' A records, the first `max` of them written to
// `out`; returns how many there are (which may be more than `max`).
int dns_a_records(Bytes message, net::IpAddress* out, int max);
// Wireshark's Info column for a DNS message: "Standard query 0x1234 A example.com",
// "Standard query response 0x1234 A example.com A 192.0.2.80"; "[Malformed Packet]"
// follows what could not be read.
// The rules are Wireshark 4.0's (tests/data/make_dns_odd.py): what each record type reads
// of its data, extended, bitstring and looping names, format_text()'s escapes.
std::string dns_summary(Bytes message);
// Whether Wireshark finds the message malformed when it builds the protocol tree (-V,
// -z io,phs): also when a record's data runs past the message, which the summary line
// alone does not check.
bool dns_malformed_in_tree(Bytes message);

}  // namespace sockscope::capture
