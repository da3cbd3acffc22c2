#include "scan/recv_batch.h"

#include <netinet/in.h>
#include <algorithm>
#include <cstring>

namespace sockscope::scan {

int cmsg_int(msghdr& msg, int level, int type) {
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == level && c->cmsg_type == type && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
      int v = -1;
      std::memcpy(&v, CMSG_DATA(c), sizeof(v));
      return v;
    }
  }
  return -1;
}

std::size_t RecvBatch::read(int fd) {
  for (std::size_t i = 0; i < kCount; ++i) {
    iov[i] = {bufs[i].data(), kSlot};
    msgs[i] = {};
    msgs[i].msg_hdr.msg_name = &names[i];
    msgs[i].msg_hdr.msg_namelen = sizeof(names[i]);
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    msgs[i].msg_hdr.msg_control = control[i].bytes;
    msgs[i].msg_hdr.msg_controllen = sizeof(control[i].bytes);
  }
  int n = ::recvmmsg(fd, msgs.data(), kCount, MSG_DONTWAIT, nullptr);
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}

std::span<const std::uint8_t> RecvBatch::packet(std::size_t i) const {
  return {bufs[i].data(), std::min<std::size_t>(msgs[i].msg_len, kSlot)};
}

net::IpAddress RecvBatch::from6(std::size_t i) const {
  net::IpAddress a;
  a.family = AF_INET6;
  std::memcpy(a.bytes.data(), &names[i].sin6_addr, 16);
  return a;
}

int RecvBatch::hop_limit(std::size_t i) {
  return cmsg_int(msgs[i].msg_hdr, IPPROTO_IPV6, IPV6_HOPLIMIT);
}

net::Endpoint RecvBatch::from(std::size_t i) const {
  return net::Endpoint::from_sockaddr(reinterpret_cast<const sockaddr*>(&names[i]),
                                      msgs[i].msg_hdr.msg_namelen);
}

int RecvBatch::ttl(std::size_t i) {
  int v4 = cmsg_int(msgs[i].msg_hdr, IPPROTO_IP, IP_TTL);
  return v4 >= 0 ? v4 : hop_limit(i);
}

}  // namespace sockscope::scan
