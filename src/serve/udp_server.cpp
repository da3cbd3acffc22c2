#include "serve/udp_server.h"

#include <sys/socket.h>

#include <array>
#include <cerrno>

namespace sockscope::serve {

std::string_view capped_udp_reply(std::string_view reply, std::size_t request_size) {
  return reply.substr(0, request_size * kUdpReplyGrowth);
}

UdpServer::UdpServer(net::EventLoop& loop, net::UniqueFd socket, ReplyMode reply, bool full_replies,
                     ServerEvents& events)
    : loop_(loop),
      socket_(std::move(socket)),
      reply_(std::move(reply)),
      full_replies_(full_replies),
      events_(events) {
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
    std::span<char> datagram(buffer.data(), static_cast<std::size_t>(n));
    events_.on_received(peer, std::string_view(datagram.data(), datagram.size()));
    if (std::holds_alternative<ReplyDiscard>(reply_)) continue;
    std::string_view reply = reply_in_place(reply_, datagram, scratch_);
    if (!full_replies_) reply = capped_udp_reply(reply, datagram.size());
    ::sendto(socket_.get(), reply.data(), reply.size(), 0, peer.sockaddr_ptr(), peer.length());
  }
}

}  // namespace sockscope::serve
