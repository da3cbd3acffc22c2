#include "message/sender.h"

#include <sys/socket.h>

#include <cstring>

#include "core/text.h"
#include "net/connector.h"
#include "net/read_until.h"
#include "net/stream.h"

namespace sockscope::message {
namespace {

std::string not_sent_reason(const net::ConnectResult& conn, const SendOptions& options) {
  switch (conn.outcome) {
    case net::Outcome::kRefused:
      return "connection refused";
    case net::Outcome::kTimeout:
      return "no answer within " + format_seconds(options.timeout) + " s";
    case net::Outcome::kUnreachable:
      return "no route to the recipient";
    case net::Outcome::kInterrupted:
      return "interrupted";
    default:
      return conn.error != 0 ? std::strerror(conn.error) : "connect failed";
  }
}

std::string no_receipt_reason(const net::ReadResult& reply, const SendOptions& options) {
  if (reply.end == net::ReadEnd::kClosed) {
    return reply.bytes == 0 ? "the recipient closed without a receipt"
                            : "the reply did not contain the receipt";
  }
  switch (reply.failure) {
    case net::Outcome::kTimeout:
      return "no receipt within " + format_seconds(options.timeout) + " s";
    case net::Outcome::kInterrupted:
      return "interrupted";
    case net::Outcome::kReset:
      return "the recipient reset the connection";
    default:
      return reply.detail;
  }
}

}  // namespace

const char* outcome_line(const SendReport& report) {
  if (report.outcome == net::Outcome::kOk) return "Message sent successfully.";
  if (report.outcome == net::Outcome::kInterrupted) return "Interrupted. Message not sent.";
  if (report.written) return "Message receipt failed.";
  return "Message sending error. Message not sent.";
}

SendReport send_text(const SendOptions& options, const Clock& clock) {
  SendReport report;
  TimePoint deadline = clock.now() + options.timeout;
  net::ConnectResult conn = net::connect_with_deadline(options.to, options.timeout, clock);
  if (conn.outcome != net::Outcome::kOk) {
    report.outcome = conn.outcome;
    report.reason = not_sent_reason(conn, options);
    return report;
  }
  net::PlainStream stream(conn.fd.get(), clock);
  if (net::IoResult sent = stream.write_all(options.text, deadline);
      sent.outcome != net::Outcome::kOk) {
    report.outcome = sent.outcome;
    report.reason = sent.outcome == net::Outcome::kTimeout
                        ? "the recipient did not take the message within " +
                              format_seconds(options.timeout) + " s"
                        : sent.error;
    return report;
  }
  report.written = true;
  ::shutdown(conn.fd.get(), SHUT_WR);

  // Read until the receipt; the bytes themselves are not kept, so however much a
  // misbehaving recipient sends, only the marker search's few bytes stay in memory.
  net::ReadRule rule;
  rule.marker = std::string(kEndMarker);
  net::ReadResult reply =
      net::read_until(stream, rule, deadline, [](std::string_view) { return true; });
  report.reply_bytes = reply.bytes;
  if (reply.end == net::ReadEnd::kMarker) {
    report.outcome = net::Outcome::kOk;
    return report;
  }
  report.outcome = reply.end == net::ReadEnd::kClosed ? net::Outcome::kClosed : reply.failure;
  report.reason = no_receipt_reason(reply, options);
  return report;
}

}  // namespace sockscope::message
