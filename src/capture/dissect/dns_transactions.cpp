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

void DnsTransactions::add(Packet& p) {
  p.dns_links = {};
  const bool own = p.has(kProtoDns) && p.payload_len > 0;
  DnsHeader h;
  // the ID and flags are read before any matching
  if ((!own && !quotes_dns(p)) || !dns_header(dns_message(p), h)) return;
  const bool response = (h.flags & 0x8000u) != 0;
  if (!own) {  // in an ICMP error Wireshark matches nothing: a response is unsolicited
    p.dns_links.unsolicited = response;
    return;
  }
  const std::uint64_t key =
      static_cast<std::uint64_t>(static_cast<std::uint32_t>(p.stream)) << 16 | h.id;
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
    p.dns_links.unsolicited = true;
    return;
  }
  // Every message of the transaction with questions says again whether it is a transfer.
  if (h.questions != 0) {
    const int transfer = dns_asks_zone_transfer(p.payload);
    if (transfer >= 0) t->zone_transfer = transfer == 1;
  }
  if (retransmission) {
    p.dns_links.retransmit_of = response ? t->response : t->request;
  } else if (response) {
    p.dns_links.response_to = t->request;
    p.dns_links.time = difference(p.ts, t->request_time);
  }
}

}  // namespace sockscope::capture
