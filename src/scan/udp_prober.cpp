#include "scan/udp_prober.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>

#include "core/error.h"
#include "net/socket_ops.h"
#include "scan/recv_batch.h"
#include "scan/udp_payloads.h"

namespace sockscope::scan {

UdpProber::UdpProber(IcmpSourceKind icmp) : icmp_(make_udp_icmp_source(icmp)) {
  socket_for(AF_INET);
}

int UdpProber::socket_for(int family) {
  net::UniqueFd& fd = family == AF_INET6 ? v6_ : v4_;
  if (fd) return fd.get();
  fd.reset(::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) throw system_error("udp socket", errno);
  int on = 1;
  if (family == AF_INET) {
    ::setsockopt(fd.get(), IPPROTO_IP, IP_RECVTTL, &on, sizeof(on));
  } else {
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof(on));
  }
  // Bound now, so the ICMP source knows the source port our datagrams carry.
  sockaddr_storage any{};
  any.ss_family = static_cast<sa_family_t>(family);
  socklen_t len = family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&any), len) < 0 ||
      ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&any), &len) < 0) {
    throw system_error("udp socket bind", errno);
  }
  auto port = net::Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&any), len).port();
  // A fast scan's answers (and, on the error queue, its ICMP errors at ~1 KiB each)
  // arrive in a burst.
  net::set_receive_buffer(fd.get(), 16 << 20);
  icmp_->socket_opened(family, fd.get(), port);
  return fd.get();
}

SendStatus UdpProber::send(const ProbeKey& key, int, std::vector<Reply>& replies) {
  int fd = socket_for(key.address.family);
  net::Endpoint to = key.address.endpoint(key.port);
  const std::string& payload = udp_payload(key.port);
  for (int tries = 0; tries < 4; ++tries) {
    if (::sendto(fd, payload.data(), payload.size(), 0, to.sockaddr_ptr(), to.length()) >= 0) {
      return SendStatus::kSent;
    }
    int err = errno;
    if (err == EAGAIN || err == ENOBUFS) return SendStatus::kBusy;
    if (err == EINTR) continue;
    // With the error queue, an earlier probe's ICMP error fails this send once (say
    // EACCES for an ICMPv6 admin-prohibited): the source reads it as that probe's answer,
    // and this probe goes again. An error nothing explains is this send's own.
    if (icmp_->take_errors_after_failed_send(fd, replies)) continue;
    const char* reason = err == EPERM || err == EACCES ? "admin-prohibited"  // local firewall
                         : err == EHOSTUNREACH         ? "host-unreach"
                                                       : "net-unreach";
    replies.push_back({key, PortState::kFiltered, reason, -1, -1});
    return SendStatus::kAnswered;
  }
  return SendStatus::kBusy;
}

void UdpProber::drain(int fd, std::vector<Reply>& replies) {
  // Only who answered matters (any datagram back means open), and its TTL: the payload
  // may be cut to the batch's slot.
  static thread_local RecvBatch batch;
  for (int round = 0; round < 64; ++round) {  // bounded: give the engine its turn
    std::size_t n = batch.read(fd);
    if (n == 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      continue;  // a pending ICMP error surfaced here; the ICMP source reports it
    }
    for (std::size_t i = 0; i < n; ++i) {
      net::Endpoint peer = batch.from(i);
      replies.push_back({{net::IpAddress::from_endpoint(peer), peer.port()},
                         PortState::kOpen,
                         "udp-response",
                         batch.ttl(i),
                         -1});
    }
    if (n < RecvBatch::kCount) return;
  }
}

void UdpProber::wait(Duration max_wait, std::vector<Reply>& replies) {
  // The probe sockets (answers), then the ICMP source's descriptors (for the error queue
  // the same sockets again: poll() reports both entries).
  std::array<pollfd, 6> fds{};
  nfds_t n = 0;
  if (v4_) fds[n++] = {v4_.get(), POLLIN, 0};
  if (v6_) fds[n++] = {v6_.get(), POLLIN, 0};
  nfds_t first_icmp = n;
  for (int fd : icmp_->fds()) {
    if (n < fds.size()) fds[n++] = {fd, POLLIN, 0};
  }
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(max_wait).count();
  int timeout = ms < 0 ? 0 : static_cast<int>(std::min<long long>(ms, 60'000));
  if (::poll(fds.data(), n, timeout) <= 0) return;
  for (nfds_t i = 0; i < first_icmp; ++i) {
    if (fds[i].revents & POLLIN) drain(fds[i].fd, replies);
  }
  for (nfds_t i = first_icmp; i < n; ++i) {
    if (fds[i].revents & (POLLIN | POLLERR)) icmp_->read(fds[i].fd, replies);
  }
}

Reply UdpProber::no_response(const ProbeKey& key) const {
  return {key, PortState::kOpenFiltered, "no-response", -1, -1};
}

}  // namespace sockscope::scan
