// Public. -sU: one datagram per probe (with a protocol payload where we know one) from a
// single unconnected socket per address family. Answers: any datagram back = open
// (udp-response); ICMP port unreachable = closed; other ICMP unreachables = filtered;
// nothing = open|filtered. ICMP errors are read from the socket's error queue
// (IP_RECVERR), which names the original destination of each rejected datagram: the
// kernel does the matching a raw ICMP socket would, and it works without privilege, so
// privileged and unprivileged scans give the same answers from one code path.
#pragma once

#include "net/fd.h"
#include "scan/prober.h"

namespace sockscope::scan {

class UdpProber final : public Prober {
 public:
  UdpProber();
  net::Transport proto() const override { return net::Transport::kUdp; }
  SendStatus send(const ProbeKey& key, int attempt, std::vector<Reply>& replies) override;
  void abandon(const ProbeKey&) override {}
  void wait(Duration max_wait, std::vector<Reply>& replies) override;
  Reply no_response(const ProbeKey& key) const override;

 private:
  int socket_for(int family);
  void drain(int fd, std::vector<Reply>& replies);
  void drain_errors(int fd, std::vector<Reply>& replies);

  net::UniqueFd v4_, v6_;
};

}  // namespace sockscope::scan
