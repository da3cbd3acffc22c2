// Internal to capture/. A DNS message in `read -V` and `read -T json`, shaped after
// tshark -V's "Domain Name System" item: the header, the questions, each record with the
// data Wireshark's tree names (addr, ns, cname, mx...), and the links a single pass makes
// (the request a response answers, its time, retransmissions).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "capture/packet.h"

namespace sockscope::capture {

// Appends the item of one message (one of for_each_dns_message's) with its links.
// `reported`: the message's length on the wire (more than its bytes where the snap length
// cut it).
void append_dns_detail(std::string& out, Bytes message, std::size_t reported,
                       const Packet::DnsLinks& links);

// The same as a JSON object.
nlohmann::json dns_json(Bytes message, std::size_t reported, const Packet::DnsLinks& links);

}  // namespace sockscope::capture
