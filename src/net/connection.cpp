#include "net/connection.h"

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
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
  if (events & EPOLLOUT) flush();
  if (!closing_ && (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) read_once();
}

void Connection::read_once() {
  ssize_t n = ::read(fd_.get(), t_read_buffer.data(), t_read_buffer.size());
  if (n < 0) {
    if (errno == EAGAIN || errno == EINTR) return;
    close_because(CloseCause::kError, std::strerror(errno));
    return;
  }
  if (n == 0) {
    peer_done_ = true;
    if (output_.empty()) {
      close_because(CloseCause::kPeer, "closed by peer");
    } else {
      update_interest();  // finish sending what the peer asked for, then close
    }
    return;
  }
  if (server_.options_.idle_timeout) last_heard_ = server_.loop_.now();
  server_.handler_.on_data(*this,
                           std::span<char>(t_read_buffer.data(), static_cast<std::size_t>(n)));
  if (!closing_) update_interest();
}

bool Connection::send(std::string_view bytes) {
  if (closing_ || finishing_) return false;
  if (bytes.empty()) return true;
  if (output_.empty()) {
    ssize_t w = ::send(fd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (w < 0) {
      if (errno != EAGAIN && errno != EINTR) {
        close_because(CloseCause::kError, std::strerror(errno));
        return false;
      }
      w = 0;
    }
    bytes.remove_prefix(static_cast<std::size_t>(w));
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

void Connection::finish() {
  if (closing_ || finishing_) return;
  finishing_ = true;
  if (output_.empty()) {
    ::shutdown(fd_.get(), SHUT_WR);
    write_shut_ = true;
  }
}

void Connection::flush() {
  while (!output_.empty()) {
    ssize_t w = ::send(fd_.get(), output_.data(), output_.size(), MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EAGAIN) break;
      if (errno == EINTR) continue;
      close_because(CloseCause::kError, std::strerror(errno));
      return;
    }
    output_.consume(static_cast<std::size_t>(w));
  }
  if (output_.empty()) {
    if (peer_done_) {
      close_because(CloseCause::kPeer, "closed by peer");
      return;
    }
    if (finishing_ && !write_shut_) {
      ::shutdown(fd_.get(), SHUT_WR);
      write_shut_ = true;
    }
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
  if (!peer_done_ && !backlogged) want |= EPOLLIN | EPOLLRDHUP;
  if (!output_.empty()) want |= EPOLLOUT;
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
