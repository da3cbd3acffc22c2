#include "capture/filter/fields.h"

namespace sockscope::capture::filter {

// Over TCP, Wireshark's TCP hands DNS the PDU a segment completes (put together from
// earlier segments) in one call, and the PDUs that follow it in the segment in another,
// in which tcp_dissect_pdus loops over them: every message is a dns item, every call one
// layer. Anything else holds one message, in layer 1.
namespace {
bool tcp_reassembled(const Packet& p) {
  return p.has(kProtoTcp) && !p.dns_tcp.reassembled.empty();
}
}  // namespace

int dns_items(const Packet& p, DnsItem* out, int cap) {
  if (!is_dns(p)) return 0;
  if (!p.has(kProtoTcp)) {
    if (cap > 0) out[0] = {field_bytes(FieldId::kDns, p), 1};
    return 1;
  }
  const bool reassembled = tcp_reassembled(p);
  int n = 0;
  for_each_dns_message(p, [&](Bytes m) {
    const bool first = n == 0 && reassembled && m.data() == p.dns_tcp.reassembled.data() + 2;
    if (m.size() < 4) return;  // (the item comes once the ID and flags are read)
    if (n < cap) out[n] = {Bytes(m.data() - 2, m.size() + 2), reassembled && !first ? 2 : 1};
    ++n;
  });
  return n;
}

int dns_layer_count(const Packet& p) {
  if (!is_dns(p)) return 0;
  return tcp_reassembled(p) && is_dns(only_dns_layer(p, 2)) ? 2 : 1;
}

Packet only_dns_layer(const Packet& p, int k) {
  Packet one = p;
  if (!tcp_reassembled(p)) {
    if (k != 1) one.protos &= ~static_cast<std::uint32_t>(kProtoDns);
    return one;
  }
  if (k == 1) {  // the PDU the segment completes
    one.dns_tcp.whole = one.dns_tcp.cut = Bytes{};
    one.more_dns_links = {};
    return one;
  }
  one.dns_tcp.reassembled = Bytes{};  // the PDUs after it, whose links come after its
  if (k != 2) one.protos &= ~static_cast<std::uint32_t>(kProtoDns);
  if (!p.more_dns_links.empty()) {
    one.dns_links = p.more_dns_links.front();
    one.more_dns_links = p.more_dns_links.subspan(1);
  }
  return one;
}

}  // namespace sockscope::capture::filter
