// Public. -sU: one datagram per probe (with a protocol payload where we know one) from a
// single unconnected socket per address family, bound to one port. Answers: any datagram
// back = open (udp-response, with its TTL from IP_RECVTTL / IPV6_RECVHOPLIMIT); ICMP port
// unreachable from the target = closed; other ICMP unreachables (and port unreachables
// from a router in between) = filtered; nothing = open|filtered. States and reasons are
// nmap's (icmp_verdict.h).
// ICMP errors come from one of two sources (udp_icmp_source.h): when privileged, raw ICMP
// and ICMPv6 sockets, as nmap reads them, which also give each error's TTL (reason_ttl);
// unprivileged, the probe sockets' error queue (IP_RECVERR), where the kernel matches the
// errors to our socket. Either way an error counts only if it quotes a datagram we sent.
#pragma once

#include <memory>

#include "net/fd.h"
#include "scan/prober.h"
#include "scan/udp_icmp_source.h"

namespace sockscope::scan {

class UdpProber final : public Prober {
 public:
  explicit UdpProber(IcmpSourceKind icmp = IcmpSourceKind::kAuto);
  net::Transport proto() const override { return net::Transport::kUdp; }
  SendStatus send(const ProbeKey& key, int attempt, std::vector<Reply>& replies) override;
  void abandon(const ProbeKey&) override {}
  void wait(Duration max_wait, std::vector<Reply>& replies) override;
  Reply no_response(const ProbeKey& key) const override;

  const char* icmp_source_name() const { return icmp_->name(); }

 private:
  int socket_for(int family);
  void drain(int fd, std::vector<Reply>& replies);

  std::unique_ptr<UdpIcmpSource> icmp_;
  net::UniqueFd v4_, v6_;
};

}  // namespace sockscope::scan
