#include "capture/dissect/dns_transactions.h"

#include "capture/dissect/dns.h"

namespace sockscope::capture {
namespace {
constexpr std::int64_t kRetransmissionSeconds = 5;  // Wireshark's dns.retransmission_timer

bool within_retransmission_time(const Timestamp& since) {
  // nstime_to_sec(delta) < 5: a clock that went back counts as within
  return since.sec < kRetransmissionSeconds;
}
}  // namespace

void DnsTransactions::add_messages(Packet& p) {
  const bool own = p.has(kProtoDns) && p.payload_len > 0;
  if (!own) {
    // in an ICMP error Wireshark matches nothing: a response is unsolicited
    if (DnsHeader h; quotes_dns(p) && dns_header(dns_message(p), h))
      p.dns_links.unsolicited = (h.flags & 0x8000u) != 0;
    return;
  }
  more_.clear();
  bool first = true;
  for_each_dns_message(p, [&](Bytes message) {
    const Packet::DnsLinks links = link(p, message);
    if (first)
      p.dns_links = links;
    else
      more_.push_back(links);
    first = false;
  });
  p.more_dns_links = more_;
}

Packet::DnsLinks DnsTransactions::link(const Packet& p, Bytes message) {
  Packet::DnsLinks links;
  DnsHeader h;
  if (!dns_header(message, h)) return links;  // the ID and flags are read before any matching
  const bool response = (h.flags & 0x8000u) != 0;
  // A TCP stream and a UDP stream of the same number are different conversations.
  const std::uint64_t transport = p.has(kProtoTcp) ? 1ull << 48 : 0;
  const std::uint64_t key =
      transport | static_cast<std::uint64_t>(static_cast<std::uint32_t>(p.stream)) << 16 | h.id;
  Transaction* t = nullptr;
  bool retransmission = false;
  const auto found = transactions_.find(key);
  if (!response) {
    if (found != transactions_.end() && found->second.response == 0 &&
        within_retransmission_time(difference(p.ts, found->second.request_time))) {
      t = &found->second;
      retransmission = true;
    } else {
      t = &(transactions_[key] = Transaction{p.number, 0, p.ts, false});
    }
  } else if (found != transactions_.end()) {
    t = &found->second;
    if (t->response == 0)
      t->response = p.number;
    else if (!t->zone_transfer)
      retransmission = true;
  }
  if (t == nullptr) {
    links.unsolicited = true;
    return links;
  }
  // Every message of the transaction with questions says again whether it is a transfer.
  if (h.questions != 0) {
    const int transfer = dns_asks_zone_transfer(message);
    if (transfer >= 0) t->zone_transfer = transfer == 1;
  }
  if (retransmission) {
    links.retransmit_of = response ? t->response : t->request;
  } else if (response) {
    links.response_to = t->request;
    links.time = difference(p.ts, t->request_time);
  }
  return links;
}

}  // namespace sockscope::capture
