#include "serve/client.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "core/text.h"
#include "net/connector.h"
#include "net/fd.h"
#include "net/wait.h"
#include "net/write_all.h"

namespace sockscope::serve {
namespace {

SendStatus from_connect(net::ConnectStatus s) {
  switch (s) {
    case net::ConnectStatus::kConnected:
      return SendStatus::kReplied;
    case net::ConnectStatus::kRefused:
      return SendStatus::kRefused;
    case net::ConnectStatus::kTimeout:
      return SendStatus::kTimeout;
    case net::ConnectStatus::kUnreachable:
      return SendStatus::kUnreachable;
    case net::ConnectStatus::kInterrupted:
      return SendStatus::kInterrupted;
    case net::ConnectStatus::kError:
      return SendStatus::kError;
  }
  return SendStatus::kError;
}

SendStatus from_wait(net::WaitStatus s) {
  return s == net::WaitStatus::kTimeout       ? SendStatus::kTimeout
         : s == net::WaitStatus::kInterrupted ? SendStatus::kInterrupted
                                              : SendStatus::kError;
}

SendResult send_tcp(const SendOptions& options) {
  SendResult result;
  TimePoint deadline = SteadyClock::instance().now() + options.timeout;
  net::HostConnectResult conn = net::connect_to_host(options.host, options.port, options.timeout);
  result.peer = conn.peer;
  if (!conn.resolved) {
    result.status = SendStatus::kUnknownHost;
    result.detail = conn.resolve_error;
    return result;
  }
  if (conn.connection.status != net::ConnectStatus::kConnected) {
    result.status = from_connect(conn.connection.status);
    result.detail = std::strerror(conn.connection.error);
    return result;
  }
  int fd = conn.connection.fd.get();
  if (int error = net::write_all(fd, options.message, deadline); error != 0) {
    result.status = error == ETIMEDOUT ? SendStatus::kTimeout
                    : error == EINTR   ? SendStatus::kInterrupted
                    : net::classify_connect_errno(error) == net::ConnectStatus::kRefused
                        ? SendStatus::kRefused
                        : SendStatus::kError;
    result.detail = std::strerror(error);
    return result;
  }
  if (options.half_close) ::shutdown(fd, SHUT_WR);  // tells the server the message is complete
  std::array<char, 65536> buffer{};
  TimePoint reply_ends = deadline;
  for (;;) {
    net::WaitResult r = net::wait_for(fd, POLLIN, reply_ends);
    if (r.status != net::WaitStatus::kReady) {
      // A reply that arrived before the deadline counts, even if the server never closed.
      result.status = result.bytes_received > 0 ? SendStatus::kReplied : from_wait(r.status);
      return result;
    }
    ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      result.status = result.bytes_received > 0 ? SendStatus::kReplied : SendStatus::kRefused;
      result.detail = std::strerror(errno);
      return result;
    }
    if (n == 0) break;
    result.bytes_received += static_cast<std::size_t>(n);
    if (options.on_reply)
      options.on_reply(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    if (options.quiet_gap) {
      reply_ends = std::min(deadline, SteadyClock::instance().now() + *options.quiet_gap);
    }
  }
  result.status = result.bytes_received > 0 ? SendStatus::kReplied : SendStatus::kNoReply;
  return result;
}

SendResult send_udp(const net::Endpoint& to, const SendOptions& options) {
  SendResult result;
  result.peer = to;
  TimePoint deadline = SteadyClock::instance().now() + options.timeout;
  net::UniqueFd fd(::socket(to.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd || ::connect(fd.get(), to.sockaddr_ptr(), to.length()) < 0) {
    result.status = errno == ENETUNREACH || errno == EHOSTUNREACH ? SendStatus::kUnreachable
                                                                  : SendStatus::kError;
    result.detail = std::strerror(errno);
    return result;
  }
  if (::send(fd.get(), options.message.data(), options.message.size(), 0) < 0) {
    result.status = errno == EMSGSIZE ? SendStatus::kError : SendStatus::kUnreachable;
    result.detail = std::strerror(errno);
    return result;
  }
  std::array<char, 65536> buffer{};
  for (;;) {
    net::WaitResult r = net::wait_for(fd.get(), POLLIN, deadline);
    if (r.status != net::WaitStatus::kReady) {
      result.status = from_wait(r.status);
      return result;
    }
    ssize_t n = ::recv(fd.get(), buffer.data(), buffer.size(), 0);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      result.status = errno == ECONNREFUSED ? SendStatus::kRefused : SendStatus::kUnreachable;
      result.detail = std::strerror(errno);
      return result;
    }
    result.bytes_received = static_cast<std::size_t>(n);
    if (options.on_reply) options.on_reply(std::string_view(buffer.data(), result.bytes_received));
    result.status = SendStatus::kReplied;
    return result;
  }
}

}  // namespace

SendResult send_message(const SendOptions& options) {
  if (options.transport == net::Transport::kTcp) return send_tcp(options);
  net::Resolution resolution = net::resolve(options.host, options.port, options.transport);
  if (resolution.endpoints.empty()) {
    SendResult result;
    result.status = SendStatus::kUnknownHost;
    result.detail = resolution.error;
    return result;
  }
  SendResult result;
  for (const auto& endpoint : resolution.endpoints) {
    result = send_udp(endpoint, options);
    // Another address of the name is worth a try only when this one said no at once.
    if (result.status != SendStatus::kRefused && result.status != SendStatus::kUnreachable) break;
  }
  return result;
}

std::string describe_failure(const SendResult& result, const SendOptions& options) {
  std::string timeout = format_seconds(options.timeout);
  switch (result.status) {
    case SendStatus::kReplied:
      return "reply received";
    case SendStatus::kNoReply:
      return "no reply: the server closed without answering";
    case SendStatus::kRefused:
      return "connection refused";
    case SendStatus::kTimeout:
      return "timed out after " + timeout + " s";
    case SendStatus::kUnreachable:
      return "no route to " + options.host;
    case SendStatus::kUnknownHost:
      return "unknown host " + options.host;
    case SendStatus::kInterrupted:
      return "interrupted";
    case SendStatus::kError:
      return result.detail.empty() ? "send failed" : result.detail;
  }
  return "send failed";
}

}  // namespace sockscope::serve
