#include "serve/tcp_server.h"

#include <fcntl.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope::serve {
namespace {

// One read per readiness event per client keeps a flooding client from starving the
// others; the buffer is shared by every connection of this thread, so idle clients
// cost no buffer memory.
constexpr std::size_t kReadChunk = 64 * 1024;
thread_local std::array<char, kReadChunk> t_read_buffer;

// Reply bytes the kernel has not taken yet. Sent bytes are dropped by moving an offset,
// so a partial send costs no memmove; the front is compacted only once it is at least
// half the buffer (amortised O(1) per byte), and an emptied buffer gives its memory back
// so idle clients stay small.
class PendingOutput {
 public:
  bool empty() const { return begin_ == data_.size(); }
  std::size_t size() const { return data_.size() - begin_; }
  const char* data() const { return data_.data() + begin_; }
  void append(std::string_view bytes) {
    if (begin_ > 0 && begin_ >= data_.size() / 2) {
      data_.erase(0, begin_);
      begin_ = 0;
    }
    data_.append(bytes);
  }
  void consume(std::size_t n) {
    begin_ += n;
    if (begin_ >= data_.size()) {
      std::string().swap(data_);
      begin_ = 0;
    }
  }

 private:
  std::string data_;
  std::size_t begin_ = 0;
};

}  // namespace

struct TcpServer::Connection {
  net::UniqueFd fd;
  net::Endpoint peer;
  PendingOutput pending;       // reply bytes the kernel has not taken yet
  bool peer_done = false;      // EOF seen: finish writing, then close
  bool replied_once = false;   // for ReplyText: the banner went out
  bool closing = false;        // close scheduled at the safe point
  std::uint32_t interest = 0;  // the epoll events currently asked for
  TimePoint last_heard{};      // accept or last bytes received (read with --idle-timeout only)
};

TcpServer::TcpServer(net::EventLoop& loop, net::UniqueFd listener, TcpServerOptions options,
                     ServerEvents& events)
    : loop_(loop),
      listener_(std::move(listener)),
      spare_(::open("/dev/null", O_RDONLY | O_CLOEXEC)),
      options_(std::move(options)),
      banner_(closes_after_reply(options_.reply)),
      events_(events) {
  loop_.watch(listener_.get(), EPOLLIN, [this](std::uint32_t) { on_accept(); });
  if (options_.idle_timeout) sweep_idle();
}

TcpServer::~TcpServer() {
  loop_.cancel(sweep_timer_);
  loop_.unwatch(listener_.get());
  for (auto& [fd, c] : connections_) loop_.unwatch(fd);
}

void TcpServer::on_accept() {
  // Bounded so a connect storm cannot monopolise the loop.
  for (int i = 0; i < 256; ++i) {
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    int fd = ::accept4(listener_.get(), reinterpret_cast<sockaddr*>(&ss), &len,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE) {
        // Out of descriptors: turn one client away instead of spinning on a full queue.
        spare_.reset();
        int turned_away = ::accept(listener_.get(), nullptr, nullptr);
        if (turned_away >= 0) ::close(turned_away);
        spare_.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
        events_.on_refused(net::Endpoint{}, "out of file descriptors");
      }
      return;  // EAGAIN, or an error the next round will see again
    }
    net::Endpoint peer = net::Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len);
    if (connections_.size() >= options_.max_clients) {
      ::close(fd);  // refused before any state exists (redis's habit)
      events_.on_refused(peer, "too many clients");
      continue;
    }
    auto conn = std::make_unique<Connection>();
    conn->fd.reset(fd);
    conn->peer = peer;
    conn->interest = EPOLLIN | EPOLLRDHUP;
    if (options_.idle_timeout) conn->last_heard = loop_.now();
    Connection& c = *conn;
    connections_.emplace(fd, std::move(conn));
    loop_.watch(fd, c.interest, [this, &c](std::uint32_t ev) { on_io(c, ev); });
    events_.on_accepted(peer);
  }
}

void TcpServer::on_io(Connection& c, std::uint32_t ev) {
  if (c.closing) return;
  if (ev & EPOLLOUT) flush(c);
  if (!c.closing && (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) handle_readable(c);
}

void TcpServer::handle_readable(Connection& c) {
  ssize_t n = ::read(c.fd.get(), t_read_buffer.data(), t_read_buffer.size());
  if (n < 0) {
    if (errno == EAGAIN || errno == EINTR) return;
    close(c, std::strerror(errno));
    return;
  }
  if (n == 0) {
    c.peer_done = true;
    if (c.pending.empty()) {
      close(c, "closed by peer");
    } else {
      update_interest(c);
    }
    return;
  }
  std::span<char> chunk(t_read_buffer.data(), static_cast<std::size_t>(n));
  if (options_.idle_timeout) c.last_heard = loop_.now();
  events_.on_received(c.peer, std::string_view(chunk.data(), chunk.size()));
  if (banner_ && c.replied_once) return;  // banner sent; drain quietly
  // Made in the shared read buffer: the common case (reply sent whole at once) copies
  // and allocates nothing.
  std::string_view reply = reply_in_place(options_.reply, chunk);
  c.replied_once = true;
  if (c.pending.empty() && !reply.empty()) {
    ssize_t w = ::send(c.fd.get(), reply.data(), reply.size(), MSG_NOSIGNAL);
    if (w < 0 && errno != EAGAIN) {
      close(c, std::strerror(errno));
      return;
    }
    reply.remove_prefix(w < 0 ? 0 : static_cast<std::size_t>(w));
  }
  if (!reply.empty()) c.pending.append(reply);
  if (banner_ && c.pending.empty()) {
    // The banner is out: half-close so the client sees EOF; the read side drains until
    // the client closes too, so unread bytes never turn our close into a reset.
    ::shutdown(c.fd.get(), SHUT_WR);
  }
  update_interest(c);
}

void TcpServer::flush(Connection& c) {
  while (!c.pending.empty()) {
    ssize_t w = ::send(c.fd.get(), c.pending.data(), c.pending.size(), MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EAGAIN) break;
      close(c, std::strerror(errno));
      return;
    }
    c.pending.consume(static_cast<std::size_t>(w));
  }
  if (c.pending.empty()) {
    if (c.peer_done) {
      close(c, "closed by peer");
      return;
    }
    if (banner_) ::shutdown(c.fd.get(), SHUT_WR);
  }
  update_interest(c);
}

void TcpServer::update_interest(Connection& c) {
  std::uint32_t want = 0;
  bool backlogged = c.pending.size() >= options_.max_pending_output;
  if (!c.peer_done && !backlogged) want |= EPOLLIN | EPOLLRDHUP;
  if (!c.pending.empty()) want |= EPOLLOUT;
  if (want != c.interest) {
    c.interest = want;
    loop_.modify(c.fd.get(), want);
  }
}

// One timer for all clients, not one per client: re-arming a timer on every read would
// cost a map insertion per message on the busy path.
void TcpServer::sweep_idle() {
  Duration limit = *options_.idle_timeout;
  TimePoint now = loop_.now();
  std::vector<Connection*> silent;
  for (auto& [fd, c] : connections_) {
    if (!c->closing && now - c->last_heard >= limit) silent.push_back(c.get());
  }
  for (Connection* c : silent) {
    events_.on_idle_closed(c->peer, limit);
    close(*c, "idle");
  }
  Duration period =
      std::clamp<Duration>(limit / 4, std::chrono::milliseconds(10), std::chrono::seconds(1));
  sweep_timer_ = loop_.run_after(period, [this] { sweep_idle(); });
}

void TcpServer::close(Connection& c, std::string_view reason) {
  if (c.closing) return;
  c.closing = true;
  int fd = c.fd.get();
  loop_.unwatch(fd);
  events_.on_closed(c.peer, reason);
  // Freed at the safe point: other events of this round may still name this client.
  loop_.defer([this, fd] { connections_.erase(fd); });
}

}  // namespace sockscope::serve
