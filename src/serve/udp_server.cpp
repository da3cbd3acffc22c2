#include "serve/udp_server.h"

#include <sys/socket.h>

#include <array>
#include <cerrno>

namespace sockscope::serve {

UdpServer::UdpServer(net::EventLoop& loop, net::UniqueFd socket, ReplyMode reply,
                     ServerEvents& events)
    : loop_(loop), socket_(std::move(socket)), reply_(std::move(reply)), events_(events) {
  loop_.watch(socket_.get(), EPOLLIN, [this](std::uint32_t) { on_readable(); });
}

UdpServer::~UdpServer() {
  loop_.unwatch(socket_.get());
}

void UdpServer::on_readable() {
  static thread_local std::array<char, 65536> buffer;
  // Bounded per round so timers and signals still get their turn under a flood.
  for (int i = 0; i < 64; ++i) {
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    ssize_t n = ::recvfrom(socket_.get(), buffer.data(), buffer.size(), 0,
                           reinterpret_cast<sockaddr*>(&ss), &len);
    if (n < 0)
      return;  // EAGAIN; ICMP errors from earlier replies (ECONNREFUSED) are not ours to act on
    net::Endpoint peer = net::Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len);
    std::string_view datagram(buffer.data(), static_cast<std::size_t>(n));
    events_.on_received(peer, datagram);
    std::string reply = reply_for(reply_, datagram);
    if (!std::holds_alternative<ReplyDiscard>(reply_)) {
      ::sendto(socket_.get(), reply.data(), reply.size(), 0, peer.sockaddr_ptr(), peer.length());
    }
  }
}

}  // namespace sockscope::serve
