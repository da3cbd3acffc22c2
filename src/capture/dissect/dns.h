// Public. The DNS fields display filters use, read from a DNS message on demand: the
// header, the questions, the records (as Wireshark's protocol tree reads them).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capture/byte_reader.h"
#include "capture/packet.h"

namespace sockscope::capture {

// Where Wireshark's dissection of a message throws, if it does: at a read past what was
// captured but not past the message's reported length (BoundsError), at a read past that
// (ReportedBoundsError, or what a tvb marked as a fragment throws instead), or by the
// dissector's own throw (a reserved label, a name too short: malformed whatever the tvb).
enum class DnsThrow { kNone, kPastCapture, kPastMessage, kOwn };

struct DnsHeader {
  std::uint16_t id = 0, flags = 0, questions = 0, answers = 0;
  int words = 0;  // how many of these four were captured (a count not captured is 0)
};
// False when the message is too short for the ID and flags, the first two words, which
// Wireshark reads before it adds anything.
bool dns_header(Bytes message, DnsHeader& out);
// One question of a DNS message, as Wireshark 4.0's protocol tree has it: dns.qry.name
// ("example.com", "<Root>", escapes as in the Info column), dns.qry.name.len,
// dns.count.labels, dns.qry.type, dns.qry.class.
struct DnsQuestion {
  std::string name;
  std::uint16_t name_len = 0, labels = 0, type = 0, klass = 0;
};
// One answer, authority or additional record: dns.resp.name/type/class/ttl/len and what
// the tree reads of the common types' data (dns.a, dns.aaaa; dns.ns, dns.cname,
// dns.ptr.domain_name, dns.mx.mail_exchange, dns.soa.mname as `target`; dns.mx.preference).
struct DnsRecord {
  std::string name;
  std::uint16_t type = 0, klass = 0, length = 0;
  std::uint32_t ttl = 0;
  Bytes data;
  net::IpAddress address = net::IpAddress::none();  // A, AAAA
  bool has_target = false;
  std::string target;
  std::uint16_t preference = 0;  // MX
  std::size_t end = 0;           // where it ends in the message
};
struct DnsTree {
  DnsHeader header;
  std::uint16_t authority = 0, additional = 0;  // their counts, if the header has them
  bool has_authority = false, has_additional = false;
  bool stopped_in_last = false;  // the walk threw inside the data of the last record
  std::vector<DnsQuestion> questions;
  std::size_t questions_end = 12;  // where the questions end, once all were read
  std::vector<DnsRecord> records;  // answers, then authority, then additional
};
// The questions and records Wireshark's tree adds, up to the first it cannot read (a
// record whose data runs past the message adds none of its fields); false when the
// message is shorter than the header.
bool dns_tree(Bytes message, DnsTree& out);

// The names Wireshark 4.0 gives: a record type ("AAAA"; nullptr for a type it does not
// name), the operation of a header's flags ("Standard query", "Unknown operation (9)") and
// its response code ("No such name"). The Info column numbers an unknown operation, the
// tree's Flags line does not (`numbered`).
const char* dns_type_name(std::uint16_t type);
std::string dns_operation_name(std::uint16_t flags, bool numbered = true);
std::string dns_rcode_name(std::uint16_t flags, bool numbered = true);
// Wireshark's Info column for a DNS message: "Standard query 0x1234 A example.com",
// "Standard query response 0x1234 A example.com A 192.0.2.80"; "[Malformed Packet]"
// follows what could not be read, unless only the snap length (`reported`, the message's
// length on the wire) kept it from being read.
// The rules are Wireshark 4.0's (tests/data/make_dns_odd.py): what each record type reads
// of its data, extended, bitstring and looping names, format_text()'s escapes.
// `fragment`: a PDU of a TCP segment the snap length cut, which tcp_dissect_pdus() hands
// on as a fragment (`reported`: what the segment holds of it): a read past that ends the
// line "[BoundErrorUnreassembled Packet]" instead.
std::string dns_summary(Bytes message, std::size_t reported, bool fragment = false);
// Whether Wireshark finds the message malformed when it builds the protocol tree (-V,
// -z io,phs): also when a record's data runs past the message, which the summary line
// alone does not check.
// `reported`: the message's length on the wire, when the snap length cut it (a read past
// the capture and not past the message throws BoundsError instead: not malformed).
bool dns_malformed_in_tree(Bytes message, std::size_t reported);
// Where a dissection of a message throws, if it does (dns_tree_throw, dns_summary_throw).
DnsThrow dns_tree_throw(Bytes message, std::size_t reported);
// The same for the summary line alone (no tree).
DnsThrow dns_summary_throw(Bytes message, std::size_t reported);
inline bool dns_malformed_in_tree(Bytes message) {
  return dns_malformed_in_tree(message, message.size());
}
// Whether a question asks for a zone transfer (AXFR or IXFR: several responses may
// answer it, so a second one is no retransmission): 1 or 0, or -1 when the questions
// run past the message (Wireshark then never records the answer).
int dns_asks_zone_transfer(Bytes message);

}  // namespace sockscope::capture
