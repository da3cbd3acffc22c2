// Public. -sS: the SYN ("half-open") scan, masscan-style and stateless on the wire. Each
// probe is one raw TCP SYN whose sequence number is a keyed hash of (target, port,
// source port): a SYN-ACK or RST counts only if it acknowledges that cookie + 1, and an
// ICMP unreachable only if it quotes it, so stray or forged packets cannot set a state.
// Answers: SYN-ACK = open (the kernel, having no socket, answers it with an RST), RST =
// closed, ICMP unreachable = filtered, nothing = filtered (no-response). TTL and window
// of each answer are kept (OS hints later). IPv4 only; needs CAP_NET_RAW.
#pragma once

#include <unordered_map>

#include "net/fd.h"
#include "scan/prober.h"

namespace sockscope::scan {

class SynProber final : public Prober {
 public:
  // Throws privilege_error (exit 3, with the -sT hint) without CAP_NET_RAW.
  SynProber();
  net::Transport proto() const override { return net::Transport::kTcp; }
  SendStatus send(const ProbeKey& key, int attempt, std::vector<Reply>& replies) override;
  void abandon(const ProbeKey&) override {}  // nothing held per probe
  void wait(Duration max_wait, std::vector<Reply>& replies) override;
  Reply no_response(const ProbeKey& key) const override;

  std::uint32_t cookie(std::uint32_t dst_ip, std::uint16_t dst_port) const;

 private:
  std::uint32_t source_for(std::uint32_t dst_ip);
  void drain_tcp(std::vector<Reply>& replies);
  void drain_icmp(std::vector<Reply>& replies);

  net::UniqueFd tcp_;
  net::UniqueFd icmp_;
  std::uint16_t src_port_;
  std::uint64_t secret_;
  std::unordered_map<std::uint32_t, std::uint32_t> sources_;  // target -> our address on its route
};

}  // namespace sockscope::scan
