// Public. -sT: the connect scan. One non-blocking connect() per probe on the event
// loop, thousands in flight; works without privilege. The kernel's answer decides:
// connected = open (syn-ack), ECONNREFUSED = closed (conn-refused), EHOSTUNREACH /
// ENETUNREACH = filtered, no answer = filtered (no-response). Sockets close with
// SO_LINGER 0 (an RST, no TIME_WAIT), so a 65,535-port scan leaves nothing behind.
#pragma once

#include <random>
#include <unordered_map>
#include <utility>

#include "net/event_loop.h"
#include "net/fd.h"
#include "scan/prober.h"

namespace sockscope::scan {

// The nmap verdict for a connect() errno (0 = connected).
Reply classify_connect(const ProbeKey& key, int error);

class ConnectProber final : public Prober {
 public:
  explicit ConnectProber(const Clock& clock = SteadyClock::instance());
  ~ConnectProber() override;
  net::Transport proto() const override { return net::Transport::kTcp; }
  SendStatus send(const ProbeKey& key, int attempt, std::vector<Reply>& replies) override;
  void abandon(const ProbeKey& key) override;
  void wait(Duration max_wait, std::vector<Reply>& replies) override;
  Reply no_response(const ProbeKey& key) const override;

 private:
  net::UniqueFd take_socket(int family, bool& reused);
  void keep_socket(int family, net::UniqueFd fd, bool fresh);
  void bind_own_port(int fd, int family);

  net::EventLoop loop_;
  std::vector<net::UniqueFd> spare4_, spare6_;      // refused, unconnected, ready to reuse
  std::pair<unsigned, unsigned> port_range_{0, 0};  // the kernel's ephemeral range, read once
  std::minstd_rand rng_{std::random_device{}()};
  std::unordered_map<ProbeKey, net::UniqueFd, ProbeKeyHash> sockets_;
  std::vector<Reply>* sink_ = nullptr;  // where handlers put answers during wait()
};

}  // namespace sockscope::scan
