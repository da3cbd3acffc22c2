// Public. Turns raw records (from a file or from libpcap) into numbered, timed,
// dissected and stream-tracked Packets, in arrival order. Owns the stream tracker.
#pragma once

#include "capture/dissect/arp_duplicates.h"
#include "capture/dissect/dns_tcp.h"
#include "capture/dissect/dns_transactions.h"
#include "capture/dissect/http_reassembly.h"
#include "capture/dissect/http_transactions.h"
#include "capture/dissect/ip_reassembly.h"
#include "capture/dissect/lbmsrs.h"
#include "capture/packet.h"
#include "capture/packet_file.h"
#include "capture/stream_tracker.h"

namespace sockscope::capture {

class PacketDecoder {
 public:
  // Fills `p` from `record` (whose bytes must outlive the use of `p`). Returns the
  // packet's direction in its stream (0/1) or -1 when it is neither TCP nor UDP.
  int decode(const Record& record, Packet& p);
  const StreamTracker& tracker() const { return tracker_; }
  // Wireshark's ACK analysis (ack_rtt, bytes in flight...): see StreamTracker.
  void set_ack_analysis(bool on) { tracker_.set_ack_analysis(on); }
  int time_digits() const { return time_digits_; }
  std::uint32_t count() const { return number_; }

 private:
  StreamTracker tracker_;
  IpReassembler reassembler_;
  HttpReassembler http_;
  HttpTransactions http_links_;
  DnsTcpReassembler dns_tcp_;
  DnsTransactions dns_links_;
  ArpDuplicates arp_duplicates_;
  LbmsrsHeuristic lbmsrs_;
  std::uint32_t number_ = 0;
  Timestamp first_ts_;
  Timestamp previous_ts_;
  int time_digits_ = 6;
};

}  // namespace sockscope::capture
