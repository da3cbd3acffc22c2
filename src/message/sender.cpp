#include "message/sender.h"

#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "core/text.h"
#include "net/wait.h"
#include "net/write_all.h"

namespace sockscope::message {
namespace {

SendReport not_sent(const net::ConnectResult& conn, const SendOptions& options) {
  SendReport report;
  switch (conn.status) {
    case net::ConnectStatus::kRefused:
      report.reason = "connection refused";
      break;
    case net::ConnectStatus::kTimeout:
      report.reason = "no answer within " + format_seconds(options.timeout) + " s";
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
  if (int err = net::write_all(fd, options.text, deadline, clock); err != 0) {
    report.outcome = err == EINTR ? SendOutcome::kInterrupted : SendOutcome::kNotSent;
    report.reason = err == ETIMEDOUT ? "the recipient did not take the message within " +
                                           format_seconds(options.timeout) + " s"
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
      report.reason = "no receipt within " + format_seconds(options.timeout) + " s";
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
