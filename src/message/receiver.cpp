#include "message/receiver.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <memory>
#include <vector>

#include "core/error.h"
#include "net/interrupt.h"
#include "net/socket_ops.h"
#include "net/wait.h"
#include "net/write_all.h"

namespace sockscope::message {
namespace {

// Reads per readiness: enough for a whole message, little enough that a flooding sender
// cannot keep the loop from the others.
constexpr int kReadsPerWake = 4;

// accept() failures that are not the listener's fault: a sender that left between poll
// and accept, or a transient shortage (the loop pauses accepting for a moment).
bool sender_left(int error) {
  return error == EINTR || error == ECONNABORTED || error == EPROTO;
}
bool shortage(int error) {
  return error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM;
}

}  // namespace

Listener Listener::open(const net::Endpoint& at) {
  Listener l;
  net::ListenOptions options;
  options.backlog = 256;  // a burst of senders waits for a slot, not for SYN retries
  l.fd_ = net::listen_tcp(at, options);
  l.local_ = net::local_endpoint(l.fd_.get());
  return l;
}

IncomingMessage::IncomingMessage(int fd, net::Endpoint peer, const ReceiveOptions& options,
                                 const Clock& clock)
    : fd_(fd),
      peer_(std::move(peer)),
      options_(options),
      clock_(clock),
      assembler_(options.rule, clock) {}

void IncomingMessage::on_readable() {
  if (state_ != Completion::kIncomplete && !look_until_) return;
  std::array<char, 4096> buffer{};
  for (int i = 0; i < kReadsPerWake; ++i) {
    ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) {  // closed, half-closed or reset: what arrived is the message
      state_ = assembler_.end_of_stream();
      look_until_.reset();
      return;
    }
    Completion c = assembler_.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    if (look_until_) {  // bytes past the limit: a flood, now counted as dropped
      look_until_.reset();
      return;
    }
    if (c == Completion::kLimit) {
      state_ = c;
      if (assembler_.dropped_bytes() > 0) return;
      // Exactly at the limit so far: one short look tells a flood from an exact fit;
      // what follows is dropped unread when we close.
      look_until_ = clock_.now() +
                    std::min<Duration>(options_.rule.quiet_gap, std::chrono::milliseconds(100));
    }
  }
}

bool IncomingMessage::done() const {
  if (look_until_) return clock_.now() >= *look_until_;
  return state_ != Completion::kIncomplete || assembler_.status() != Completion::kIncomplete;
}

TimePoint IncomingMessage::deadline() const {
  return look_until_ ? *look_until_ : assembler_.deadline();
}

Received IncomingMessage::finish() {
  Received result;
  result.peer = peer_;
  result.how = state_ != Completion::kIncomplete ? state_ : assembler_.status();
  result.dropped_bytes = assembler_.dropped_bytes();
  if (result.how == Completion::kSilent || result.how == Completion::kTooSlow) {
    result.outcome = net::Outcome::kTimeout;
    return result;
  }
  if (assembler_.empty()) {
    result.outcome = net::Outcome::kClosed;
    return result;
  }
  result.text = std::string(assembler_.text());
  // The receipt decides: only a message whose receipt went out counts as received.
  int error = net::write_all(fd_, kEndMarker, clock_.now() + options_.receipt_timeout, clock_);
  result.outcome = net::classify_errno(error);
  return result;
}

Received receive_message(int fd, const net::Endpoint& peer, const ReceiveOptions& options,
                         const Clock& clock) {
  IncomingMessage message(fd, peer, options, clock);
  while (!message.done()) {
    net::WaitResult w = net::wait_for(fd, POLLIN, message.deadline(), clock);
    if (w.outcome == net::Outcome::kInterrupted) {
      Received result;
      result.peer = peer;
      result.outcome = net::Outcome::kInterrupted;
      return result;
    }
    // Ready, or a poll error the next recv() reports as the end of the stream.
    if (w.outcome != net::Outcome::kTimeout) message.on_readable();
  }
  return message.finish();
}

net::Outcome receive_messages(const Listener& listener, const ReceiveOptions& options,
                              std::optional<TimePoint> stop_accepting, const SenderDone& on_sender,
                              const Clock& clock) {
  struct Sender {
    net::UniqueFd fd;
    std::unique_ptr<IncomingMessage> message;
  };
  std::vector<Sender> senders;
  std::vector<pollfd> polled;
  TimePoint paused_until{};  // accept() ran short of descriptors or memory: wait a moment
  for (;;) {
    if (net::interrupted()) return net::Outcome::kInterrupted;
    for (std::size_t i = 0; i < senders.size();) {
      if (!senders[i].message->done()) {
        ++i;
        continue;
      }
      Received received = senders[i].message->finish();
      senders.erase(senders.begin() + static_cast<std::ptrdiff_t>(i));
      if (!on_sender(received)) return net::Outcome::kOk;
    }
    TimePoint now = clock.now();
    bool accepting = !stop_accepting || now < *stop_accepting;
    if (!accepting && senders.empty()) return net::Outcome::kTimeout;
    bool listening = accepting && senders.size() < options.max_senders && now >= paused_until;

    std::optional<TimePoint> wake;
    auto wake_by = [&](TimePoint t) { wake = wake ? std::min(*wake, t) : t; };
    if (accepting && stop_accepting) wake_by(*stop_accepting);
    if (accepting && !listening && senders.size() < options.max_senders) wake_by(paused_until);
    for (const auto& s : senders) wake_by(s.message->deadline());
    int timeout_ms = -1;
    if (wake) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(*wake - now).count();
      timeout_ms = static_cast<int>(std::clamp<long long>(left, 0, 1'000'000));
    }

    polled.clear();
    if (listening) polled.push_back({listener.fd(), POLLIN, 0});
    for (const auto& s : senders) polled.push_back({s.fd.get(), POLLIN, 0});
    if (::poll(polled.data(), polled.size(), timeout_ms) < 0) {
      if (errno == EINTR) continue;  // the loop head checks the interrupt flag
      throw system_error("poll", errno);
    }
    std::size_t first = listening ? 1 : 0;
    for (std::size_t k = 0; k + first < polled.size(); ++k) {
      if (polled[k + first].revents != 0) senders[k].message->on_readable();
    }
    if (!listening || polled[0].revents == 0) continue;
    while (senders.size() < options.max_senders) {
      sockaddr_storage ss{};
      socklen_t len = sizeof(ss);
      int fd = ::accept4(listener.fd(), reinterpret_cast<sockaddr*>(&ss), &len,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EAGAIN) break;
        if (sender_left(errno)) continue;
        if (shortage(errno)) {
          paused_until = clock.now() + std::chrono::milliseconds(100);
          break;
        }
        throw system_error("accept on " + listener.local().to_string(), errno);
      }
      Sender s;
      s.fd.reset(fd);
      s.message = std::make_unique<IncomingMessage>(
          fd, net::Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len), options, clock);
      senders.push_back(std::move(s));
    }
  }
}

}  // namespace sockscope::message
