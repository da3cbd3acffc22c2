#include "scan/udp_icmp_source.h"

#include <linux/errqueue.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <optional>

#include "core/error.h"
#include "net/fd.h"
#include "net/socket_ops.h"
#include "scan/icmp_verdict.h"
#include "scan/packet.h"
#include "scan/recv_batch.h"
#include "scan/route_sources.h"

namespace sockscope::scan {
namespace {

constexpr std::uint8_t kUdp = 17;

class RawIcmpSource final : public UdpIcmpSource {
 public:
  // nullptr when raw sockets are not allowed (no CAP_NET_RAW).
  static std::unique_ptr<RawIcmpSource> open() {
    net::UniqueFd v4 = open_icmp_error_socket(AF_INET);
    if (!v4) {
      if (errno == EPERM || errno == EACCES) return nullptr;
      throw system_error("raw ICMP socket", errno);
    }
    return std::unique_ptr<RawIcmpSource>(new RawIcmpSource(std::move(v4)));
  }

  const char* name() const override { return "raw-icmp"; }

  void socket_opened(int family, int, std::uint16_t port) override {
    if (family == AF_INET) {
      port_v4_ = port;
      return;
    }
    port_v6_ = port;
    if (v6_) return;
    v6_ = open_icmp_error_socket(AF_INET6);
    if (!v6_) throw system_error("raw ICMPv6 socket", errno);
    fds_[nfds_++] = v6_.get();
  }

  std::span<const int> fds() const override { return {fds_.data(), nfds_}; }

  // Without IP_RECVERR an unconnected socket keeps no pending errors: a failure is the
  // send's own.
  bool take_errors_after_failed_send(int, std::vector<Reply>&) override { return false; }

  void read(int fd, std::vector<Reply>& replies) override {
    static thread_local RecvBatch batch;
    bool v6 = v6_ && fd == v6_.get();
    for (int round = 0; round < 64; ++round) {  // bounded: give the engine its turn
      std::size_t n = batch.read(fd);
      for (std::size_t i = 0; i < n; ++i) {
        if (v6) {
          read_v6(batch, i, replies);
        } else {
          read_v4(batch.packet(i), replies);
        }
      }
      if (n < RecvBatch::kCount) return;
    }
  }

 private:
  explicit RawIcmpSource(net::UniqueFd v4) : v4_(std::move(v4)) { fds_[nfds_++] = v4_.get(); }

  void read_v4(std::span<const std::uint8_t> packet, std::vector<Reply>& replies) {
    auto e = parse_ipv4_icmp_error(packet);
    if (e && ours(*e, port_v4_)) answer(*e, AF_INET, e->ttl, replies);
  }

  void read_v6(RecvBatch& batch, std::size_t i, std::vector<Reply>& replies) {
    auto e = parse_icmpv6_error(batch.packet(i));
    if (!e || batch.msgs[i].msg_hdr.msg_namelen < sizeof(sockaddr_in6)) return;
    e->from = batch.from6(i);
    if (ours(*e, port_v6_)) answer(*e, AF_INET6, batch.hop_limit(i), replies);
  }

  // Only errors quoting a datagram of ours count: UDP, from our probe socket's port, and
  // from the address our datagrams to that target leave from (the port alone would let
  // an error about another host's datagram to the same place set the state).
  bool ours(const IcmpErrorView& e, std::uint16_t port) {
    if (e.quoted_proto != kUdp || port == 0 || e.quoted_src_port != port) return false;
    return routes_.source_for(e.quoted_dst) == e.quoted_src;
  }

  // `ttl`: the error's IP TTL or hop limit, -1 when not known.
  static void answer(const IcmpErrorView& e, int family, int ttl, std::vector<Reply>& replies) {
    bool from_target = e.from == e.quoted_dst;
    auto verdict = icmp_verdict(net::Transport::kUdp, family, e.type, e.code, from_target);
    if (!verdict) return;
    Reply r{{e.quoted_dst, e.quoted_dst_port}, verdict->state, verdict->reason, ttl, -1};
    if (!from_target) r.reason_ip = e.from;  // a router on the way answered
    replies.push_back(r);
  }

  net::UniqueFd v4_, v6_;
  std::array<int, 2> fds_{};
  std::size_t nfds_ = 0;
  std::uint16_t port_v4_ = 0, port_v6_ = 0;
  RouteSources routes_;
};

class ErrorQueueSource final : public UdpIcmpSource {
 public:
  const char* name() const override { return "error-queue"; }

  void socket_opened(int family, int fd, std::uint16_t) override {
    int on = 1;
    if (family == AF_INET) {
      ::setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on));
    } else {
      ::setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof(on));
    }
    fds_[nfds_++] = fd;
  }

  std::span<const int> fds() const override { return {fds_.data(), nfds_}; }

  void read(int fd, std::vector<Reply>& replies) override { drain(fd, replies); }

  // The kernel sets the pending error and queues its details together, and reading the
  // queue clears it: a failed send with an empty queue was not an earlier probe's error.
  bool take_errors_after_failed_send(int fd, std::vector<Reply>& replies) override {
    return drain(fd, replies) > 0;
  }

 private:
  // Reads the error queue (bounded); returns how many messages it held.
  static int drain(int fd, std::vector<Reply>& replies) {
    int i = 0;
    for (; i < 4096; ++i) {
      char buf[512];
      sockaddr_storage original{};
      alignas(cmsghdr) char control[512];
      iovec iov{buf, sizeof(buf)};
      msghdr msg{};
      msg.msg_name = &original;
      msg.msg_namelen = sizeof(original);
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control;
      msg.msg_controllen = sizeof(control);
      if (::recvmsg(fd, &msg, MSG_ERRQUEUE) < 0) break;
      read_one(msg, original, replies);
    }
    return i;
  }

  static void read_one(msghdr& msg, const sockaddr_storage& original, std::vector<Reply>& replies) {
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      bool v4 = c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR;
      bool v6 = c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR;
      if ((!v4 && !v6) || c->cmsg_len < CMSG_LEN(sizeof(sock_extended_err))) continue;
      sock_extended_err ee{};
      std::memcpy(&ee, CMSG_DATA(c), sizeof(ee));
      if (ee.ee_origin != SO_EE_ORIGIN_ICMP && ee.ee_origin != SO_EE_ORIGIN_ICMP6) continue;
      net::Endpoint dst = net::Endpoint::from_sockaddr(reinterpret_cast<const sockaddr*>(&original),
                                                       msg.msg_namelen);
      net::IpAddress target = net::IpAddress::from_endpoint(dst);
      // SO_EE_OFFENDER: the ICMP's sender, right behind the extended error.
      sockaddr_storage offender{};
      std::size_t room = c->cmsg_len - CMSG_LEN(sizeof(ee));
      std::memcpy(&offender, CMSG_DATA(c) + sizeof(ee), std::min(room, sizeof(offender)));
      std::optional<net::IpAddress> sender;
      if (offender.ss_family == AF_INET || offender.ss_family == AF_INET6) {
        sender = net::IpAddress::from_endpoint(net::Endpoint::from_sockaddr(
            reinterpret_cast<const sockaddr*>(&offender),
            offender.ss_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6)));
      }
      bool from_target = sender == target;
      auto verdict = icmp_verdict(net::Transport::kUdp, v6 ? AF_INET6 : AF_INET, ee.ee_type,
                                  ee.ee_code, from_target);
      if (!verdict) continue;
      int ttl = v6 ? cmsg_int(msg, IPPROTO_IPV6, IPV6_HOPLIMIT) : cmsg_int(msg, IPPROTO_IP, IP_TTL);
      Reply r{{target, dst.port()}, verdict->state, verdict->reason, ttl, -1};
      if (!from_target) r.reason_ip = sender;  // a router's answer (empty when not told)
      replies.push_back(r);
    }
  }

  std::array<int, 2> fds_{};
  std::size_t nfds_ = 0;
};

}  // namespace

std::unique_ptr<UdpIcmpSource> make_udp_icmp_source(IcmpSourceKind kind) {
  if (kind == IcmpSourceKind::kErrorQueue) return std::make_unique<ErrorQueueSource>();
  if (auto raw = RawIcmpSource::open()) return raw;
  if (kind == IcmpSourceKind::kRaw) {
    throw privilege_error("reading ICMP from raw sockets needs root (or CAP_NET_RAW)");
  }
  return std::make_unique<ErrorQueueSource>();
}

}  // namespace sockscope::scan
