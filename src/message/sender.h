// Public. The communicator's send(): connect to the recipient, write the message,
// half-close (so our own receiver knows at once that the message is complete), then read
// until the receipt "#<<END>>#" arrives, the recipient closes, or the deadline passes.
// One deadline covers the connection and the receipt, like the lab's 30 s timeout.
#pragma once

#include <string>

#include "core/clock.h"
#include "message/protocol.h"
#include "net/address.h"
#include "net/connector.h"

namespace sockscope::message {

struct SendOptions {
  net::Endpoint to;  // recipient address and port
  std::string text;  // sent as is (UTF-8)
  Duration timeout = kSendTimeout;
};

enum class SendOutcome {
  kDelivered,      // the reply contained #<<END>>#
  kReceiptFailed,  // the message went out but no #<<END>># came back (closed, reset, timeout)
  kNotSent,        // no connection: refused, timeout, unreachable, or the write failed
  kInterrupted,    // Ctrl-C or SIGTERM
};

struct SendReport {
  SendOutcome outcome = SendOutcome::kNotSent;
  std::string reason;  // a few words for people: "connection refused", "no receipt within 30 s"
  std::size_t reply_bytes = 0;
};

SendReport send_text(const SendOptions& options, const Clock& clock = SteadyClock::instance());

// The lab's line for an outcome: "Message sent successfully.", "Message receipt failed.",
// "Message sending error. Message not sent."
const char* outcome_line(SendOutcome outcome);

}  // namespace sockscope::message
