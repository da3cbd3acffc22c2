// Public. -sT: the connect scan. One non-blocking connect() per probe on the event
// loop, thousands in flight; works without privilege. The kernel's answer decides:
// connected = open (syn-ack), ECONNREFUSED = closed (conn-refused), EHOSTUNREACH /
// ENETUNREACH = filtered, no answer = filtered (no-response). Sockets close with
// SO_LINGER 0 (an RST, no TIME_WAIT), so a 65,535-port scan leaves nothing behind.
// With helper threads, every other connect() runs on a helper with its own sockets; the
// outcome comes back to the engine's thread, which alone touches the event loop.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "net/event_loop.h"
#include "net/fd.h"
#include "scan/prober.h"
#include "scan/route_sources.h"

namespace sockscope::scan {

// The nmap verdict for a connect() errno (0 = connected).
Reply classify_connect(const ProbeKey& key, int error);

// One thread's sockets for connect(): spare refused sockets to reuse and the source
// address and ports it binds them to. Not shared: each connecting thread has its own.
class ConnectSockets {
 public:
  enum class Outcome { kAnswered, kInProgress, kBusy };
  // One non-blocking connect to `to`: the verdict at once (kAnswered, `reply` set), a
  // socket still connecting (kInProgress, `fd` set, linger 0), or kBusy.
  Outcome connect(const ProbeKey& key, const net::Endpoint& to, Reply& reply, net::UniqueFd& fd);

 private:
  net::Endpoint source_for(const ProbeKey& key, const net::Endpoint& to);
  net::UniqueFd take_socket(const net::Endpoint& source, bool& reused);
  void keep_socket(const net::Endpoint& source, net::UniqueFd fd, bool fresh);
  void bind_own_port(int fd, const net::Endpoint& source);

  // Refused, unconnected sockets ready to reuse, all bound to spare_source_.
  std::vector<net::UniqueFd> spare_;
  net::Endpoint spare_source_;
  RouteSources routes_;                             // our address on the route to each target
  std::pair<unsigned, unsigned> port_range_{0, 0};  // the kernel's ephemeral range, read once
  std::minstd_rand rng_{std::random_device{}()};
};

class ConnectProber final : public Prober {
 public:
  // helpers > 0: that many threads issue every other connect besides the caller's
  // thread (a refused loopback connect is ~7 us of kernel time: one core caps the scan).
  explicit ConnectProber(const Clock& clock = SteadyClock::instance(), int helpers = 0);
  ~ConnectProber() override;
  net::Transport proto() const override { return net::Transport::kTcp; }
  SendStatus send(const ProbeKey& key, int attempt, std::vector<Reply>& replies) override;
  void abandon(const ProbeKey& key) override;
  void wait(Duration max_wait, std::vector<Reply>& replies) override;
  Reply no_response(const ProbeKey& key) const override;

 private:
  static constexpr std::uint64_t kHelperBacklog = 64;  // per helper
  struct Done {  // a helper's connect, back to the caller's thread
    ProbeKey key;
    std::uint64_t seq = 0;
    ConnectSockets::Outcome outcome = ConnectSockets::Outcome::kBusy;
    Reply reply;
    net::UniqueFd fd;
  };
  struct Job {
    ProbeKey key;
    std::uint64_t seq = 0;
  };
  SendStatus send_here(const ProbeKey& key, std::vector<Reply>& replies);
  void watch_connecting(const ProbeKey& key, const net::Endpoint& to, net::UniqueFd fd);
  void hand_over();                             // queued jobs to the helpers
  void take_back(std::vector<Reply>& replies);  // helpers' outcomes into replies
  void helper_main();

  net::EventLoop loop_;
  ConnectSockets sockets_here_;
  std::unordered_map<ProbeKey, net::UniqueFd, ProbeKeyHash> sockets_;
  std::vector<Reply>* sink_ = nullptr;  // where handlers put answers during wait()

  // Helpers: jobs go out through jobs_ (condition variable), outcomes come back through
  // done_ and an eventfd the loop watches. handed_ maps each key a helper holds to the
  // sequence number of its latest job: an outcome for an abandoned key is stale.
  std::vector<std::thread> helpers_;
  std::mutex mutex_;
  std::condition_variable jobs_ready_;
  std::vector<Job> jobs_, outbox_;  // outbox_: not yet handed over (caller's thread only)
  std::vector<Done> done_, inbox_;  // inbox_: taken back (caller's thread only)
  bool stopping_ = false;
  net::UniqueFd done_event_;
  std::unordered_map<ProbeKey, std::uint64_t, ProbeKeyHash> handed_;
  std::uint64_t next_seq_ = 0;
  // Jobs given to the helpers (caller's thread) and connects they have made (helpers):
  // the difference is the helpers' backlog, which decides who makes the next connect.
  std::uint64_t given_ = 0;
  std::atomic<std::uint64_t> helped_{0};
};

}  // namespace sockscope::scan
