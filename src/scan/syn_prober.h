// Public. -sS: the SYN ("half-open") scan, masscan-style and stateless on the wire, for
// IPv4 and IPv6 targets (mixed in one run). Each probe is one raw TCP SYN whose sequence
// number is a keyed hash (syn_cookie, packet.h) of the target address (all 128 bits for
// IPv6), its port and our source port: a SYN-ACK or RST counts only if it acknowledges
// that cookie + 1, and an ICMP/ICMPv6 unreachable only if it quotes it in a SYN from our
// own address, so stray or forged packets cannot set a state.
// Answers: SYN-ACK = open (the kernel, having no socket, answers it with an RST), RST =
// closed, ICMP(v6) unreachable = filtered with nmap's reason, nothing = filtered
// (no-response). TTL (IPv6: hop limit) and window of each answer are kept (OS hints
// later). Needs CAP_NET_RAW.
// Per family: raw TCP and ICMP/ICMPv6 sockets receive answers (IPv6 ones without the IP
// header: the peer comes from recvmsg's source address, the hop limit from an
// IPV6_HOPLIMIT cmsg). IPv6 SYNs leave whole (our IPv6 header) through an IPPROTO_RAW
// socket (IPPROTO_RAW implies IPV6_HDRINCL on Linux). IPv4 SYNs leave as TCP segments
// through one IPPROTO_TCP socket per sender thread, the kernel writing the IP header on a
// cached route (see open_ipv4_tcp_sender); the IPv4 IPPROTO_RAW socket stays as the way
// out if such a socket cannot be set up.
// SYNs are queued per family and leave kBatch at a time with one sendmmsg() (and before
// every wait), so a full-range scan costs ~500 send system calls instead of 65,535.
// kSenders threads make those calls: on loopback and veth the kernel handles each SYN and
// its answer inside the sending call, and that work then runs beside the engine and the
// reading of answers, on both cores when they are free. No socket lock makes them take
// turns (the header-included path takes none; each has its own IPv4 TCP socket), and the
// sending sockets get no copies of incoming traffic. At most kMaxBatches
// wait for them, so a probe leaves within milliseconds of being timed.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <array>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>

#include "net/fd.h"
#include "scan/icmp_verdict.h"
#include "scan/packet.h"
#include "scan/prober.h"
#include "scan/route_sources.h"

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

  std::uint32_t cookie(const net::IpAddress& dst, std::uint16_t dst_port) const;

 private:
  struct Queued;
  struct Outbox;
  // Hands what is queued to the sender thread (waits while it has kMaxBatches).
  void hand_off();  // both families
  void sender_loop(int index);
  void stop_senders();  // lets them send what is queued, then joins them
  // Sends one batch; failures other than "busy" become answers in failed_.
  // `v4_tcp_sender`: the thread's IPPROTO_TCP socket for IPv4 (-1: none, IPPROTO_RAW).
  void send_batch(Outbox& batch, int v4_tcp_sender);
  void drain_tcp(int family, std::vector<Reply>& replies);
  void drain_icmp(int family, std::vector<Reply>& replies);
  // The state a TCP segment gives, if it answers one of our SYNs (both families).
  bool tcp_answer(const TcpSegmentView& seg, Reply& r) const;
  bool icmp_answer(const IcmpErrorView& icmp, const IcmpVerdict& verdict, Reply& r);

  struct Sockets {
    net::UniqueFd tcp;   // receives TCP answers
    net::UniqueFd send;  // IPPROTO_RAW: sends whole IP packets, receives nothing (IPv4: fallback)
    net::UniqueFd icmp;  // receives ICMP (ICMPv6) unreachables
  };
  Sockets v4_;
  Sockets v6_;  // not open when the kernel has no IPv6: IPv6 targets are then no-route
  Sockets& sockets(int family) { return family == AF_INET6 ? v6_ : v4_; }
  std::uint16_t src_port_;
  std::uint64_t secret_;
  RouteSources routes_;  // our address on the route to each target (the kernel's choice)

  static constexpr std::size_t kBatch = 128;
  static constexpr std::size_t kMaxBatches = 8;
  static constexpr int kSenders = 2;  // more cores than two rarely help the kernel's loopback
  // One per sender thread (a socket's lock would make two senders take turns).
  std::array<net::UniqueFd, kSenders> v4_tcp_senders_;
  struct Queued {
    ProbeKey key;
    union {
      sockaddr_in v4;
      sockaddr_in6 v6;
    } to;
    std::array<std::uint8_t, kMaxSynLength> syn;
    std::uint8_t length;
  };
  struct Outbox {
    int family = AF_INET;  // every item's: one sendmmsg() goes to one family's socket
    std::array<Queued, kBatch> items{};
    std::size_t size = 0;
  };
  // The engine's thread only: one filling batch per family.
  Outbox filling_[2];
  void hand_off(Outbox& filling);

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
