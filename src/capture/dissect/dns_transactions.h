// Public. DNS queries matched to their responses as Wireshark 4.0's single pass links
// them (dns.response_to, dns.time, dns.retransmission, dns.retransmit_request_in,
// dns.retransmit_response_in, dns.unsolicited): a transaction is the latest query with
// that ID on the UDP or TCP stream (each message of a TCP segment in turn). A query is a
// retransmission when the transaction is not answered yet and began less than 5 s before (the
// dns.retransmission_timer default); a second response is one unless the query asked for a zone
// transfer. A query never knows its response in one pass (dns.response_in is never shown), and a
// message quoted in an ICMP error is matched to nothing.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "capture/packet.h"

namespace sockscope::capture {

class DnsTransactions {
 public:
  // After the stream tracker: fills p.dns_links (and p.more_dns_links) for a packet with
  // DNS messages.
  // (inline, the gate most packets stop at: no DNS message and no ICMP error)
  void add(Packet& p) {
    p.dns_links = {};
    p.more_dns_links = {};
    if (p.has(kProtoDns) || p.inner.present) add_messages(p);
  }

 private:
  void add_messages(Packet& p);
  Packet::DnsLinks link(const Packet& p, Bytes message);
  struct Transaction {
    std::uint32_t request = 0, response = 0;  // frame numbers
    Timestamp request_time;
    bool zone_transfer = false;  // the last message of it asked for AXFR/IXFR
  };
  // (udp.stream << 16) | DNS ID. One entry per ID a stream used: a file's DNS traffic
  // at most, as in Wireshark, which keeps every transaction.
  std::unordered_map<std::uint64_t, Transaction> transactions_;
  std::vector<Packet::DnsLinks> more_;  // the current packet's p.more_dns_links
};

}  // namespace sockscope::capture
