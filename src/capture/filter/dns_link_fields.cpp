// DNS's transaction fields as Wireshark 4.0's packet-dns.c adds them at the end of the
// message's tree (dissect/dns_transactions.h says how messages are matched): a
// retransmitted query has dns.retransmission and dns.retransmit_request_in, a
// retransmitted response dns.retransmission and dns.retransmit_response_in, each with its
// expert item; another response has dns.response_to and dns.time, or dns.unsolicited.
// A message whose dissection throws first (cut, or malformed) has none of them.
#include "capture/dissect/dns.h"
#include "capture/filter/fields.h"

namespace sockscope::capture::filter {

using enum FieldId;

namespace {

// One message's field, with its links: 1 when it has it (written to `v`), else 0.
int message_link_value(FieldId id, const Packet::DnsLinks& links, Bytes message, Value& v) {
  const bool retransmission = links.retransmit_of != 0;
  if (id == kDnsResponseIn) return 0;  // a single pass never knows it
  if (links.response_to == 0 && !retransmission && !links.unsolicited) return 0;
  DnsHeader h;
  if (!dns_header(message, h) || dns_malformed_in_tree(message)) return 0;
  const bool response = (h.flags & 0x8000u) != 0;
  const auto put = [&v](std::uint64_t u) {
    v.u = u;
    return 1;
  };
  switch (id) {
    case kDnsResponseTo:
      return links.response_to != 0 ? put(links.response_to) : 0;
    case kDnsTime:
      if (links.response_to == 0) return 0;
      v.u = static_cast<std::uint64_t>(links.time.sec);
      v.d = links.time.nsec;
      return 1;
    case kDnsRetransmission:
      return retransmission ? put(1) : 0;
    case kDnsRetransmitRequestIn:
    case kDnsRetransmitRequest:
      if (!retransmission || response) return 0;
      return put(id == kDnsRetransmitRequest ? 1 : links.retransmit_of);
    case kDnsRetransmitResponseIn:
    case kDnsRetransmitResponse:
      if (!retransmission || !response) return 0;
      return put(id == kDnsRetransmitResponse ? 1 : links.retransmit_of);
    case kDnsUnsolicited:
      return links.unsolicited ? put(1) : 0;
    default:
      return 0;
  }
}

}  // namespace

int dns_link_field_values(FieldId id, const Packet& p, Value* out, int cap) {
  if (!(p.has(kProtoDns) && p.payload_len > 0) && !quotes_dns(p)) return 0;
  int n = 0;
  std::size_t index = 0;
  Value spare;  // where a value beyond `cap` goes (it is counted)
  // each message of a TCP segment has its own (Packet::more_dns_links)
  for_each_dns_message(p, [&](Bytes message) {
    const Packet::DnsLinks& links = index == 0 ? p.dns_links : p.more_dns_links[index - 1];
    ++index;
    n += message_link_value(id, links, message, n < cap ? out[n] : spare);
  });
  return n;
}

}  // namespace sockscope::capture::filter
