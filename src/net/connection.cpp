#include "net/connection.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstring>
#include <span>

#include "net/event_loop.h"
#include "net/tcp_server.h"

namespace sockscope::net {
namespace {

// One read per readiness event per client keeps a flooding client from starving the
// others; the buffer is shared by every connection of this thread, so idle clients
// cost no buffer memory.
constexpr std::size_t kReadChunk = 64 * 1024;
thread_local std::array<char, kReadChunk> t_read_buffer;

}  // namespace

Connection::Connection(Key, TcpServer& server, UniqueFd fd, const Endpoint& peer)
    : server_(server), fd_(std::move(fd)), peer_(peer) {}

Connection::~Connection() = default;

void Connection::on_events(std::uint32_t events) {
  if (closing_) return;
  if (tls_ && !tls_->established()) {
    tls_handshake();
    return;
  }
  if (events & EPOLLOUT) flush();
  if (!closing_ && tls_read_wants_write_ && (events & EPOLLOUT)) {
    tls_read_wants_write_ = false;
    read_once();
  }
  if (!closing_ && (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) read_once();
}

void Connection::tls_handshake() {
  TlsSession::Status status = tls_->handshake();
  if (status == TlsSession::Status::kOk) {
    update_interest();
    if (!output_.empty()) flush();  // what the handler sent before the handshake ended
    if (!closing_) read_once();     // application bytes may have come with the handshake
    return;
  }
  if (status == TlsSession::Status::kWantRead || status == TlsSession::Status::kWantWrite) {
    tls_handshake_want_ =
        status == TlsSession::Status::kWantRead ? (EPOLLIN | EPOLLRDHUP) : EPOLLOUT;
    update_interest();
    return;
  }
  close_because(CloseCause::kError, "TLS handshake failed: " + tls_->error());
}

void Connection::peer_closed() {
  peer_done_ = true;
  if (output_.empty()) {
    close_because(CloseCause::kPeer, "closed by peer");
  } else {
    update_interest();  // finish sending what the peer asked for, then close
  }
}

void Connection::read_once() {
  if (tls_) {
    tls_read();
    return;
  }
  ssize_t n = ::read(fd_.get(), t_read_buffer.data(), t_read_buffer.size());
  if (n < 0) {
    if (errno == EAGAIN || errno == EINTR) return;
    close_because(CloseCause::kError, std::strerror(errno));
    return;
  }
  if (n == 0) {
    peer_closed();
    return;
  }
  if (server_.options_.idle_timeout) last_heard_ = server_.loop_.now();
  server_.handler_.on_data(*this,
                           std::span<char>(t_read_buffer.data(), static_cast<std::size_t>(n)));
  if (!closing_) update_interest();
}

void Connection::tls_read() {
  // Records until the socket has no more, at most one read chunk per round as in plain
  // reads, and never leaving decrypted bytes behind in OpenSSL (epoll cannot see them).
  std::size_t total = 0;
  do {
    TlsSession::Result r = tls_->read(t_read_buffer.data(), t_read_buffer.size());
    if (r.status == TlsSession::Status::kOk) {
      total += r.bytes;
      if (server_.options_.idle_timeout) last_heard_ = server_.loop_.now();
      server_.handler_.on_data(*this, std::span<char>(t_read_buffer.data(), r.bytes));
      if (closing_) return;
      continue;
    }
    if (r.status == TlsSession::Status::kWantRead) break;
    if (r.status == TlsSession::Status::kWantWrite) {
      tls_read_wants_write_ = true;
      break;
    }
    if (r.status == TlsSession::Status::kClosed) {
      peer_closed();
      return;
    }
    close_because(CloseCause::kError, "TLS: " + tls_->error());
    return;
  } while (total < kReadChunk || tls_->pending());
  update_interest();
}

bool Connection::write_some(const char* data, std::size_t size, std::size_t& written) {
  written = 0;
  if (tls_) {
    TlsSession::Result r = tls_->write(data, size);
    if (r.status == TlsSession::Status::kOk) {
      written = r.bytes;
      return true;
    }
    if (r.status == TlsSession::Status::kWantRead || r.status == TlsSession::Status::kWantWrite)
      return true;
    close_because(CloseCause::kError, "TLS: " + tls_->error());
    return false;
  }
  ssize_t w = ::send(fd_.get(), data, size, MSG_NOSIGNAL);
  if (w < 0) {
    if (errno == EAGAIN || errno == EINTR) return true;
    close_because(CloseCause::kError, std::strerror(errno));
    return false;
  }
  written = static_cast<std::size_t>(w);
  return true;
}

void Connection::shut_write() {
  if (tls_) tls_->close_notify();
  ::shutdown(fd_.get(), SHUT_WR);
  write_shut_ = true;
}

bool Connection::send(std::string_view bytes) {
  if (closing_ || finishing_) return false;
  if (bytes.empty()) return true;
  if (output_.empty() && (!tls_ || tls_->established())) {
    std::size_t written = 0;
    if (!write_some(bytes.data(), bytes.size(), written)) return false;
    bytes.remove_prefix(written);
  }
  if (!bytes.empty()) {
    if (output_.size() + bytes.size() > server_.options_.limits.max_output) {
      overflow("output queue over " + std::to_string(server_.options_.limits.max_output) +
               " bytes");
      return false;
    }
    output_.append(bytes);
  }
  update_interest();
  return true;
}

bool Connection::sendv(std::span<const iovec> pieces) {
  if (closing_ || finishing_) return false;
  std::size_t total = 0;
  for (const iovec& piece : pieces) total += piece.iov_len;
  if (total == 0) return true;
  std::size_t written = 0;  // bytes of `pieces` the kernel took directly
  if (output_.empty() && !tls_) {
    // sendmsg rather than writev: MSG_NOSIGNAL, as in send().
    for (std::size_t first = 0; first < pieces.size() && written < total;) {
      std::size_t count = std::min<std::size_t>(pieces.size() - first, IOV_MAX);
      msghdr msg{};
      msg.msg_iov = const_cast<iovec*>(pieces.data() + first);
      msg.msg_iovlen = count;
      ssize_t w = ::sendmsg(fd_.get(), &msg, MSG_NOSIGNAL);
      if (w < 0) {
        if (errno == EAGAIN || errno == EINTR) break;
        close_because(CloseCause::kError, std::strerror(errno));
        return false;
      }
      std::size_t chunk = 0;
      for (std::size_t i = first; i < first + count; ++i) chunk += pieces[i].iov_len;
      written += static_cast<std::size_t>(w);
      if (static_cast<std::size_t>(w) < chunk) break;  // the kernel's buffer is full
      first += count;
    }
  }
  if (written < total) {
    if (output_.size() + (total - written) > server_.options_.limits.max_output) {
      overflow("output queue over " + std::to_string(server_.options_.limits.max_output) +
               " bytes");
      return false;
    }
    std::size_t skip = written;
    for (const iovec& piece : pieces) {
      std::string_view bytes(static_cast<const char*>(piece.iov_base), piece.iov_len);
      if (skip >= bytes.size()) {
        skip -= bytes.size();
        continue;
      }
      bytes.remove_prefix(skip);
      skip = 0;
      output_.append(bytes);
    }
    if (tls_) flush();  // TLS: one encrypted write of the queue (it was empty, or waits)
  }
  if (!closing_) update_interest();
  return !closing_;
}

void Connection::finish() {
  if (closing_ || finishing_) return;
  finishing_ = true;
  if (output_.empty()) shut_write();
}

void Connection::flush() {
  if (tls_ && !tls_->established()) return;  // sent once the handshake is done
  while (!output_.empty()) {
    std::size_t written = 0;
    if (!write_some(output_.data(), output_.size(), written)) return;
    if (written == 0) break;
    output_.consume(written);
  }
  if (output_.empty()) {
    if (peer_done_) {
      close_because(CloseCause::kPeer, "closed by peer");
      return;
    }
    if (finishing_ && !write_shut_) shut_write();
  }
  update_interest();
}

void Connection::update_interest() {
  const ConnectionLimits& limits = server_.options_.limits;
  bool backlogged = output_.size() >= limits.pause_reading_at;
  if (!backlogged) {
    full_since_.reset();
  } else if (!full_since_ && limits.max_full_time) {
    full_since_ = server_.loop_.now();
  }
  std::uint32_t want = 0;
  if (tls_ && !tls_->established()) {
    want = tls_handshake_want_;  // only what the handshake waits for
  } else {
    if (!peer_done_ && !backlogged) want |= EPOLLIN | EPOLLRDHUP;
    if (!output_.empty() || tls_read_wants_write_) want |= EPOLLOUT;
  }
  if (want != interest_) {
    interest_ = want;
    server_.loop_.modify(fd_.get(), want);
  }
}

bool Connection::overflowing_for(TimePoint now) const {
  const auto& limit = server_.options_.limits.max_full_time;
  return limit && full_since_ && now - *full_since_ >= *limit;
}

void Connection::overflow(std::string_view reason) {
  server_.handler_.on_overflow(*this);
  close_because(CloseCause::kOverflow, reason);
}

void Connection::close_because(CloseCause cause, std::string_view reason) {
  if (closing_) return;
  closing_ = true;
  server_.loop_.unwatch(fd_.get());
  output_.clear();
  // The handler hears of it and the state goes at the safe point: other events of this
  // round, or the handler's own loop over its connections, may still name this one.
  server_.reap_later(*this, cause, reason);
}

}  // namespace sockscope::net
