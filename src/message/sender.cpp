#include "message/sender.h"

#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "fmt/format.h"
#include "net/wait.h"

namespace sockscope::message {
namespace {

std::string seconds_text(Duration d) {
  double s = to_seconds(d);
  return s == std::floor(s) ? fmt::format("{:.0f}", s) : fmt::format("{:g}", s);
}

SendReport not_sent(const net::ConnectResult& conn, const SendOptions& options) {
  SendReport report;
  switch (conn.status) {
    case net::ConnectStatus::kRefused:
      report.reason = "connection refused";
      break;
    case net::ConnectStatus::kTimeout:
      report.reason = "no answer within " + seconds_text(options.timeout) + " s";
      break;
    case net::ConnectStatus::kUnreachable:
      report.reason = "no route to the recipient";
      break;
    case net::ConnectStatus::kInterrupted:
      report.outcome = SendOutcome::kInterrupted;
      report.reason = "interrupted";
      break;
    default:
      report.reason = conn.error != 0 ? std::strerror(conn.error) : "connect failed";
  }
  return report;
}

// Writes all of `data` before the deadline. Returns 0, or the errno / ETIMEDOUT / EINTR.
int write_all(int fd, std::string_view data, TimePoint deadline, const Clock& clock) {
  while (!data.empty()) {
    ssize_t w = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (w >= 0) {
      data.remove_prefix(static_cast<std::size_t>(w));
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return errno;
    net::WaitResult r = net::wait_for(fd, POLLOUT, deadline, clock);
    if (r.status == net::WaitStatus::kTimeout) return ETIMEDOUT;
    if (r.status == net::WaitStatus::kInterrupted) return EINTR;
    if (r.status == net::WaitStatus::kError) return r.error;
  }
  return 0;
}

}  // namespace

const char* outcome_line(SendOutcome outcome) {
  switch (outcome) {
    case SendOutcome::kDelivered:
      return "Message sent successfully.";
    case SendOutcome::kReceiptFailed:
      return "Message receipt failed.";
    case SendOutcome::kNotSent:
      return "Message sending error. Message not sent.";
    case SendOutcome::kInterrupted:
      return "Interrupted. Message not sent.";
  }
  return "Message sending error. Message not sent.";
}

SendReport send_text(const SendOptions& options, const Clock& clock) {
  TimePoint deadline = clock.now() + options.timeout;
  net::ConnectResult conn = net::connect_with_deadline(options.to, options.timeout, clock);
  if (conn.status != net::ConnectStatus::kConnected) return not_sent(conn, options);
  int fd = conn.fd.get();

  SendReport report;
  if (int err = write_all(fd, options.text, deadline, clock); err != 0) {
    report.outcome = err == EINTR ? SendOutcome::kInterrupted : SendOutcome::kNotSent;
    report.reason = err == ETIMEDOUT ? "the recipient did not take the message within " +
                                           seconds_text(options.timeout) + " s"
                                     : std::strerror(err);
    return report;
  }
  ::shutdown(fd, SHUT_WR);

  // Read the receipt. Only the tail can still complete the marker, so the kept reply
  // stays small however much a misbehaving recipient sends.
  std::string tail;
  std::array<char, 4096> buffer{};
  report.outcome = SendOutcome::kReceiptFailed;
  for (;;) {
    net::WaitResult r = net::wait_for(fd, POLLIN, deadline, clock);
    if (r.status == net::WaitStatus::kTimeout) {
      report.reason = "no receipt within " + seconds_text(options.timeout) + " s";
      return report;
    }
    if (r.status == net::WaitStatus::kInterrupted) {
      report.outcome = SendOutcome::kInterrupted;
      report.reason = "interrupted";
      return report;
    }
    if (r.status == net::WaitStatus::kError) {
      report.reason = std::strerror(r.error);
      return report;
    }
    ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      report.reason =
          errno == ECONNRESET ? "the recipient reset the connection" : std::strerror(errno);
      return report;
    }
    if (n == 0) {
      report.reason = report.reply_bytes == 0 ? "the recipient closed without a receipt"
                                              : "the reply did not contain the receipt";
      return report;
    }
    report.reply_bytes += static_cast<std::size_t>(n);
    tail.append(buffer.data(), static_cast<std::size_t>(n));
    if (tail.find(kEndMarker) != std::string::npos) {
      report.outcome = SendOutcome::kDelivered;
      report.reason.clear();
      return report;
    }
    if (tail.size() >= kEndMarker.size()) tail.erase(0, tail.size() - (kEndMarker.size() - 1));
  }
}

}  // namespace sockscope::message
