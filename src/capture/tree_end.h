// Public. The pseudo-protocol Wireshark 4.0's protocol tree of a packet ends with:
// _ws.short for a packet the snap length cut (a read past what was captured), or
// _ws.malformed for one whose bytes contradict themselves (a read past what the packet
// says it holds). -z io,phs counts them (stats --protocols); display filters test them.
#pragma once

#include "capture/packet.h"

namespace sockscope::capture {

// _ws.unreassembled: a PDU of a segment TCP could not reassemble runs past it (neither
// short nor malformed; -z io,phs counts it, filters on the other two do not see it).
enum class TreeEnd { kNone, kShort, kMalformed, kUnreassembled };

// `for_filters`: the tree a display filter sees, which also has what some PPP options
// throw (LCP's option 24) and an IPv6 packet inside PPP that is not version 6, where
// -z io,phs does not count them.
TreeEnd tree_end(const Packet& p, bool for_filters);

// Whether the tree holds a _ws.unreassembled item: at its end (tree_end) or after a whole
// DNS-over-TCP PDU of a segment the snap length cut that throws (one per such PDU, before
// the end's _ws.short: -z io,phs counts them, stats.cpp).
bool has_unreassembled_item(const Packet& p);
bool whole_pdu_unreassembled(const Packet& p, Bytes pdu);

// _ws.malformed.expert: the "[Malformed Packet]" item of an exception a dissector threw
// (tree_end's kMalformed for the tree a filter sees), not an expert item of the Malformed
// group a dissector adds and reads on after (malformed_expert_item, udp_length_malformed:
// those a filter sees as _ws.malformed only).
bool malformed_by_exception(const Packet& p);

// A UDP length field below 8 or beyond the IP payload, in a whole header or one cut after
// it: Wireshark's expert item of the Malformed group, whose hidden _ws.malformed a filter
// sees whatever else ends the tree (a snap-length cut too).
bool udp_length_malformed(const Packet& p);

// An expert item of the Malformed group a dissector adds and reads on after (a filter
// sees _ws.malformed whatever ends the tree): an ICMPv6 neighbour discovery option of
// length 0 ("Invalid option length (Zero)"), an IPv6 option whose length its type forbids
// (router alert not 2, ...) in a header the snap length may cut after it, an HTTP message
// with both Content-Length and Transfer-Encoding (http_te_and_length.h).
bool malformed_expert_item(const Packet& p);

}  // namespace sockscope::capture
