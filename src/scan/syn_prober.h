// Public. -sS: the SYN ("half-open") scan, masscan-style and stateless on the wire. Each
// probe is one raw TCP SYN whose sequence number is a keyed hash of (target, port,
// source port): a SYN-ACK or RST counts only if it acknowledges that cookie + 1, and an
// ICMP unreachable only if it quotes it, so stray or forged packets cannot set a state.
// Answers: SYN-ACK = open (the kernel, having no socket, answers it with an RST), RST =
// closed, ICMP unreachable = filtered, nothing = filtered (no-response). TTL and window
// of each answer are kept (OS hints later). IPv4 only; needs CAP_NET_RAW.
// SYNs are queued and leave kBatch at a time with one sendmmsg() (and before every
// wait), so a full-range scan costs ~500 send system calls instead of 65,535.
// kSenders threads make those calls: on loopback and veth the kernel handles each SYN and
// its answer inside the sending call, and that work then runs beside the engine and the
// reading of answers, on both cores when they are free. They share one IPPROTO_RAW socket
// (we write the IP header): its header-included path takes no socket lock, so the two do
// not queue behind each other, and it gets no copies of incoming traffic. At most
// kMaxBatches wait for them, so a probe leaves within milliseconds of being timed.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <array>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "net/fd.h"
#include "scan/packet.h"
#include "scan/prober.h"

namespace sockscope::scan {

class SynProber final : public Prober {
 public:
  // Throws privilege_error (exit 3, with the -sT hint) without CAP_NET_RAW.
  SynProber();
  ~SynProber() override;
  SynProber(const SynProber&) = delete;
  SynProber& operator=(const SynProber&) = delete;
  net::Transport proto() const override { return net::Transport::kTcp; }
  SendStatus send(const ProbeKey& key, int attempt, std::vector<Reply>& replies) override;
  void abandon(const ProbeKey&) override {}  // nothing held per probe
  void wait(Duration max_wait, std::vector<Reply>& replies) override;
  Reply no_response(const ProbeKey& key) const override;

  std::uint32_t cookie(std::uint32_t dst_ip, std::uint16_t dst_port) const;

 private:
  std::uint32_t source_for(std::uint32_t dst_ip);
  struct Queued;
  struct Outbox;
  // Hands what is queued to the sender thread (waits while it has kMaxBatches).
  void hand_off();
  void sender_loop();
  void stop_senders();  // lets them send what is queued, then joins them
  // Sends one batch; failures other than "busy" become answers in failed_.
  void send_batch(Outbox& batch);
  void drain_tcp(std::vector<Reply>& replies);
  void drain_icmp(std::vector<Reply>& replies);

  net::UniqueFd tcp_;   // receives TCP answers
  net::UniqueFd send_;  // IPPROTO_RAW: sends whole IP packets, receives nothing
  net::UniqueFd icmp_;
  std::uint16_t src_port_;
  std::uint64_t secret_;
  std::unordered_map<std::uint32_t, std::uint32_t> sources_;  // target -> our address on its route

  static constexpr std::size_t kBatch = 128;
  static constexpr std::size_t kMaxBatches = 8;
  static constexpr int kSenders = 2;  // more cores than two rarely help the kernel's loopback
  struct Queued {
    ProbeKey key;
    sockaddr_in to;
    std::array<std::uint8_t, kIpv4SynLength> syn;
  };
  struct Outbox {
    std::array<Queued, kBatch> items{};
    std::size_t size = 0;
  };
  Outbox filling_;  // the engine's thread only

  // Shared with the sender thread, under mutex_.
  std::mutex mutex_;
  std::condition_variable work_;   // a batch to send, or stop
  std::condition_variable space_;  // a batch was taken
  std::deque<Outbox> outboxes_;
  std::vector<Reply> failed_;  // probes that could not leave, as answers
  bool stop_ = false;
  net::UniqueFd wake_;  // eventfd: the sender posted failures
  std::vector<std::thread> senders_;
};

}  // namespace sockscope::scan
