#include "scan/udp_prober.h"

#include <linux/errqueue.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "net/socket_ops.h"
#include "scan/packet.h"
#include "scan/udp_payloads.h"

namespace sockscope::scan {

UdpProber::UdpProber() {
  socket_for(AF_INET);
}

int UdpProber::socket_for(int family) {
  net::UniqueFd& fd = family == AF_INET6 ? v6_ : v4_;
  if (fd) return fd.get();
  fd.reset(::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) throw system_error("udp socket", errno);
  int on = 1;
  if (family == AF_INET) {
    ::setsockopt(fd.get(), IPPROTO_IP, IP_RECVERR, &on, sizeof(on));
    ::setsockopt(fd.get(), IPPROTO_IP, IP_RECVTTL, &on, sizeof(on));
  } else {
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof(on));
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof(on));
  }
  // A fast scan's ICMP errors arrive in a burst; each queued error costs ~1 KiB.
  net::set_receive_buffer(fd.get(), 16 << 20);
  return fd.get();
}

SendStatus UdpProber::send(const ProbeKey& key, int, std::vector<Reply>& replies) {
  int fd = socket_for(key.address.family);
  net::Endpoint to = key.address.endpoint(key.port);
  const std::string& payload = udp_payload(key.port);
  // A pending ICMP error of an earlier probe can fail this send once; the error queue
  // still holds its details for drain_errors(), so just send again.
  for (int tries = 0; tries < 4; ++tries) {
    if (::sendto(fd, payload.data(), payload.size(), 0, to.sockaddr_ptr(), to.length()) >= 0) {
      return SendStatus::kSent;
    }
    if (errno == EAGAIN || errno == ENOBUFS) return SendStatus::kBusy;
    if (errno == ECONNREFUSED || errno == EHOSTUNREACH || errno == ENETUNREACH || errno == EINTR)
      continue;
    Reply r{key, PortState::kFiltered,
            errno == EPERM || errno == EACCES ? "admin-prohibited" : "net-unreach", -1, -1};
    replies.push_back(r);
    return SendStatus::kAnswered;
  }
  return SendStatus::kBusy;
}

void UdpProber::drain(int fd, std::vector<Reply>& replies) {
  char buf[2048];
  for (int i = 0; i < 4096; ++i) {
    sockaddr_storage from{};
    char control[128];
    iovec iov{buf, sizeof(buf)};
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof(from);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    ssize_t n = ::recvmsg(fd, &msg, 0);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      continue;  // a queued ICMP error surfaced here; drain_errors() reads it
    }
    int ttl = -1;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
          (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)) {
        std::memcpy(&ttl, CMSG_DATA(c), sizeof(ttl));
      }
    }
    net::Endpoint peer =
        net::Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&from), msg.msg_namelen);
    replies.push_back(
        {{IpAddress::from_endpoint(peer), peer.port()}, PortState::kOpen, "udp-response", ttl, -1});
  }
}

void UdpProber::drain_errors(int fd, std::vector<Reply>& replies) {
  for (int i = 0; i < 4096; ++i) {
    char buf[512];
    sockaddr_storage original{};
    char control[512];
    iovec iov{buf, sizeof(buf)};
    msghdr msg{};
    msg.msg_name = &original;
    msg.msg_namelen = sizeof(original);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    if (::recvmsg(fd, &msg, MSG_ERRQUEUE) < 0) return;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      bool v4 = c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR;
      bool v6 = c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR;
      if (!v4 && !v6) continue;
      sock_extended_err ee{};
      std::memcpy(&ee, CMSG_DATA(c), sizeof(ee));
      if (ee.ee_origin != SO_EE_ORIGIN_ICMP && ee.ee_origin != SO_EE_ORIGIN_ICMP6) continue;
      net::Endpoint dst =
          net::Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&original), msg.msg_namelen);
      Reply r{{IpAddress::from_endpoint(dst), dst.port()}, PortState::kFiltered, "unreach", -1, -1};
      bool port_unreach =
          v4 ? (ee.ee_type == 3 && ee.ee_code == 3) : (ee.ee_type == 1 && ee.ee_code == 4);
      if (port_unreach) {
        r.state = PortState::kClosed, r.reason = "port-unreach";
      } else if (v4 && ee.ee_type == 3) {
        r.reason = icmp_unreach_reason(ee.ee_code);
      } else if (v6 && ee.ee_type == 1) {
        r.reason = ee.ee_code == 1   ? "admin-prohibited"
                   : ee.ee_code == 3 ? "host-unreach"
                                     : "net-unreach";
      } else {
        continue;  // time exceeded and the like say nothing about the port
      }
      replies.push_back(r);
    }
  }
}

void UdpProber::wait(Duration max_wait, std::vector<Reply>& replies) {
  pollfd fds[2];
  nfds_t n = 0;
  if (v4_) fds[n++] = {v4_.get(), POLLIN, 0};
  if (v6_) fds[n++] = {v6_.get(), POLLIN, 0};
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(max_wait).count();
  if (::poll(fds, n, ms < 0 ? 0 : static_cast<int>(std::min<long long>(ms, 60'000))) <= 0) return;
  for (nfds_t i = 0; i < n; ++i) {
    if (fds[i].revents & POLLERR) drain_errors(fds[i].fd, replies);
    if (fds[i].revents & POLLIN) drain(fds[i].fd, replies);
    if (fds[i].revents & (POLLIN | POLLERR)) drain_errors(fds[i].fd, replies);
  }
}

Reply UdpProber::no_response(const ProbeKey& key) const {
  return {key, PortState::kOpenFiltered, "no-response", -1, -1};
}

}  // namespace sockscope::scan
