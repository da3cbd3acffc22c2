#include "net/tcp_server.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "core/text.h"

namespace sockscope::net {

TcpServer::TcpServer(EventLoop& loop, UniqueFd listener, TcpServerOptions options,
                     TcpHandler& handler)
    : loop_(loop),
      listener_(std::move(listener)),
      spare_(::open("/dev/null", O_RDONLY | O_CLOEXEC)),
      options_(std::move(options)),
      handler_(handler) {
  loop_.watch(listener_.get(), EPOLLIN, [this](std::uint32_t) { on_accept(); });
  if (options_.idle_timeout || options_.limits.max_full_time) sweep();
}

TcpServer::~TcpServer() {
  loop_.cancel(sweep_timer_);
  loop_.cancel(reap_timer_);
  loop_.unwatch(listener_.get());
  for (auto& [fd, c] : connections_) {
    if (!c->closing_) loop_.unwatch(fd);
  }
}

void TcpServer::reap_later(Connection& c, CloseCause cause, std::string_view reason) {
  closed_.push_back(Closed{&c, cause, std::string(reason)});
  if (reap_timer_ == 0) reap_timer_ = loop_.run_after(Duration::zero(), [this] { reap(); });
}

void TcpServer::reap() {
  reap_timer_ = 0;
  std::vector<Closed> batch;
  batch.swap(closed_);  // an on_close that closes others queues them for the next reap
  for (Closed& closed : batch) {
    handler_.on_close(*closed.connection, closed.cause, closed.reason);
    connections_.erase(closed.connection->fd_.get());  // frees it and closes the descriptor
  }
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
        handler_.on_refused(Endpoint{}, "out of file descriptors");
      }
      return;  // EAGAIN, or an error the next round will see again
    }
    Endpoint peer = Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len);
    if (connections_.size() >= options_.max_clients) {
      ::close(fd);  // refused before any state exists (redis's habit)
      handler_.on_refused(peer, "too many clients");
      continue;
    }
    auto conn = std::make_unique<Connection>(Connection::Key{}, *this, UniqueFd(fd), peer);
    Connection* c = conn.get();
    c->interest_ = EPOLLIN | EPOLLRDHUP;
    if (options_.tls) {  // the client speaks first (ClientHello)
      c->tls_ = std::make_unique<TlsSession>(*options_.tls, fd);
      c->tls_handshake_want_ = c->interest_;
    }
    if (options_.idle_timeout) c->last_heard_ = loop_.now();
    connections_.emplace(fd, std::move(conn));
    loop_.watch(fd, c->interest_, [c](std::uint32_t ev) { c->on_events(ev); });
    handler_.on_open(*c);
  }
}

// One timer for all clients, not one per client: re-arming a timer on every read would
// cost a map insertion per message on the busy path.
void TcpServer::sweep() {
  TimePoint now = loop_.now();
  std::vector<Connection*> idle;
  std::vector<Connection*> full;
  for (auto& [fd, c] : connections_) {
    if (c->closing_) continue;
    if (options_.idle_timeout && now - c->last_heard_ >= *options_.idle_timeout) {
      idle.push_back(c.get());
    } else if (c->overflowing_for(now)) {
      full.push_back(c.get());
    }
  }
  for (Connection* c : idle) c->close_because(CloseCause::kIdle, "idle");
  for (Connection* c : full) {
    c->overflow("output queue full for " + format_seconds(*options_.limits.max_full_time) + " s");
  }
  Duration shortest = std::min(options_.idle_timeout.value_or(Duration::max()),
                               options_.limits.max_full_time.value_or(Duration::max()));
  Duration period =
      std::clamp<Duration>(shortest / 4, std::chrono::milliseconds(10), std::chrono::seconds(1));
  sweep_timer_ = loop_.run_after(period, [this] { sweep(); });
}

}  // namespace sockscope::net
