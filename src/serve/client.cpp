#include "serve/client.h"

#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "core/text.h"
#include "net/connector.h"
#include "net/fd.h"
#include "net/read_until.h"
#include "net/stream.h"
#include "net/wait.h"

namespace sockscope::serve {
namespace {

SendResult failed(net::Outcome outcome, std::string detail) {
  SendResult result;
  result.outcome = outcome;
  result.detail = std::move(detail);
  return result;
}

SendResult send_tcp(const SendOptions& options, const Clock& clock) {
  TimePoint deadline = clock.now() + options.timeout;
  net::HostConnectResult conn =
      net::connect_to_host(options.host, options.port, options.timeout, clock);
  if (!conn.resolved) return failed(net::Outcome::kUnknownHost, conn.resolve_error);
  if (conn.connection.outcome != net::Outcome::kOk) {
    SendResult result = failed(conn.connection.outcome, std::strerror(conn.connection.error));
    result.peer = conn.peer;
    return result;
  }
  int fd = conn.connection.fd.get();
  net::PlainStream stream(fd, clock);
  SendResult result;
  result.peer = conn.peer;
  if (net::IoResult sent = stream.write_all(options.message, deadline);
      sent.outcome != net::Outcome::kOk) {
    result.outcome = sent.outcome;
    result.detail = sent.error;
    return result;
  }
  if (options.half_close) ::shutdown(fd, SHUT_WR);  // tells the server the message is complete
  net::ReadRule rule;
  rule.quiet_gap = options.quiet_gap;
  net::ReadResult reply = net::read_until(stream, rule, deadline, [&](std::string_view bytes) {
    if (options.on_reply) options.on_reply(bytes);
    return true;
  });
  result.bytes_received = reply.bytes;
  // A reply that arrived before the deadline counts, even if the server never closed.
  if (reply.bytes > 0) {
    result.outcome = net::Outcome::kOk;
  } else if (reply.end == net::ReadEnd::kClosed) {
    result.outcome = net::Outcome::kClosed;
  } else {
    result.outcome = reply.failure;
    result.detail = reply.detail;
  }
  return result;
}

SendResult send_udp(const net::Endpoint& to, const SendOptions& options, const Clock& clock) {
  TimePoint deadline = clock.now() + options.timeout;
  net::UniqueFd fd(::socket(to.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  SendResult result;
  if (!fd || ::connect(fd.get(), to.sockaddr_ptr(), to.length()) < 0 ||
      ::send(fd.get(), options.message.data(), options.message.size(), 0) < 0) {
    result = failed(net::classify_errno(errno), std::strerror(errno));
    result.peer = to;
    return result;
  }
  result.peer = to;
  std::array<char, 65536> buffer{};
  for (;;) {
    net::WaitResult r = net::wait_for(fd.get(), POLLIN, deadline, clock);
    if (r.outcome != net::Outcome::kOk) {
      result.outcome = r.outcome;
      if (r.outcome == net::Outcome::kError) result.detail = std::strerror(r.error);
      return result;
    }
    ssize_t n = ::recv(fd.get(), buffer.data(), buffer.size(), 0);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      // ICMP port unreachable arrives as ECONNREFUSED on a connected UDP socket.
      result.outcome = net::classify_errno(errno);
      if (result.outcome == net::Outcome::kError) result.outcome = net::Outcome::kUnreachable;
      result.detail = std::strerror(errno);
      return result;
    }
    result.bytes_received = static_cast<std::size_t>(n);
    if (options.on_reply) options.on_reply(std::string_view(buffer.data(), result.bytes_received));
    result.outcome = net::Outcome::kOk;
    return result;
  }
}

}  // namespace

SendResult send_message(const SendOptions& options, const Clock& clock) {
  if (options.transport == net::Transport::kTcp) return send_tcp(options, clock);
  TimePoint deadline = clock.now() + options.timeout;
  net::Resolution resolution = net::resolve(options.host, options.port, options.transport);
  if (resolution.endpoints.empty()) return failed(net::Outcome::kUnknownHost, resolution.error);
  SendResult result;
  const auto& endpoints = resolution.endpoints;
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    // Each address in turn, as for TCP (net/connector.h): the first reply wins, otherwise
    // the last failure is reported; every address gets its share of the time.
    SendOptions attempt = options;
    attempt.timeout = net::attempt_budget(deadline, endpoints.size() - i, clock);
    result = send_udp(endpoints[i], attempt, clock);
    if (result.outcome == net::Outcome::kOk || result.outcome == net::Outcome::kInterrupted) break;
  }
  return result;
}

std::string describe_failure(const SendResult& result, const SendOptions& options) {
  std::string timeout = format_seconds(options.timeout);
  switch (result.outcome) {
    case net::Outcome::kOk:
      return "reply received";
    case net::Outcome::kClosed:
      return "no reply: the server closed without answering";
    case net::Outcome::kRefused:
      return "connection refused";
    case net::Outcome::kReset:
      return "connection reset by the server";
    case net::Outcome::kTimeout:
      return "timed out after " + timeout + " s";
    case net::Outcome::kUnreachable:
      return "no route to " + options.host;
    case net::Outcome::kUnknownHost:
      return "unknown host " + options.host;
    case net::Outcome::kInterrupted:
      return "interrupted";
    default:
      return result.detail.empty() ? "send failed" : result.detail;
  }
  return "send failed";
}

}  // namespace sockscope::serve
