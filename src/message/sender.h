// Public. The communicator's send(): connect to the recipient, write the message,
// half-close (so our own receiver knows at once that the message is complete), then read
// until the receipt "#<<END>>#" arrives, the recipient closes, or the deadline passes.
// One deadline covers the connection and the receipt, like the lab's 30 s timeout.
#pragma once

#include <string>

#include "core/clock.h"
#include "message/protocol.h"
#include "net/address.h"
#include "net/outcome.h"

namespace sockscope::message {

struct SendOptions {
  net::Endpoint to;  // recipient address and port
  std::string text;  // sent as is (UTF-8)
  Duration timeout = kSendTimeout;
};

struct SendReport {
  // kOk: the reply contained #<<END>>#. Otherwise why not: refused, timeout, unreachable
  // (the message did not go out), closed, reset, timeout after it went out (no receipt),
  // or kInterrupted (Ctrl-C/SIGTERM).
  net::Outcome outcome = net::Outcome::kError;
  bool written = false;  // the whole message went out
  std::string reason;    // a few words for people: "connection refused", "no receipt within 30 s"
  std::size_t reply_bytes = 0;
  bool delivered() const { return outcome == net::Outcome::kOk; }
};

SendReport send_text(const SendOptions& options, const Clock& clock = SteadyClock::instance());

// The lab's line for a report: "Message sent successfully.", "Message receipt failed." (the
// message went out, no receipt came), "Message sending error. Message not sent." or
// "Interrupted. Message not sent."
const char* outcome_line(const SendReport& report);

}  // namespace sockscope::message
