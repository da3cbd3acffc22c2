// Public. The communicator's receive(): listen on a port, take one sender at a time,
// read its message by the completion rule (completion.h), answer "#<<END>>#".
//
// Split into steps so callers can print between them ("Waiting for message on port
// 65432", "Connected by (IP)") without this library printing anything:
//   Listener listener = Listener::open(bind);      // throws Error if the port is taken
//   Accepted sender = accept_sender(listener, deadline);
//   Received message = receive_message(sender.fd.get(), options);
// A misbehaving sender (silence, reset, a flood beyond the limit) ends with a result,
// never a hang: every read has a deadline.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "message/completion.h"
#include "net/address.h"
#include "net/fd.h"

namespace sockscope::message {

class Listener {
 public:
  // Listens on `at` (0.0.0.0:65432 by default in the CLI). Throws sockscope::Error
  // naming the address when it cannot bind.
  static Listener open(const net::Endpoint& at);
  int fd() const { return fd_.get(); }
  const net::Endpoint& local() const { return local_; }

 private:
  net::UniqueFd fd_;
  net::Endpoint local_;
};

enum class AcceptStatus { kConnected, kTimeout, kInterrupted, kError };

struct Accepted {
  AcceptStatus status = AcceptStatus::kError;
  net::UniqueFd fd;  // the sender's connection when kConnected
  net::Endpoint peer;
  int error = 0;
};

// Waits for the next sender. No deadline = until one connects or Ctrl-C/SIGTERM.
Accepted accept_sender(const Listener& listener, std::optional<TimePoint> deadline,
                       const Clock& clock = SteadyClock::instance());

struct ReceiveOptions {
  CompletionRule rule;
  Duration receipt_timeout = std::chrono::seconds(5);  // for writing #<<END>># back
};

enum class ReceiveStatus {
  kReceived,     // `text` holds the message; `how` says why it counts as complete
  kEmpty,        // the sender closed or reset without sending anything
  kSilent,       // the sender connected and sent nothing within first_byte_timeout
  kInterrupted,  // Ctrl-C or SIGTERM
};

struct Received {
  ReceiveStatus status = ReceiveStatus::kEmpty;
  std::string text;
  Completion how = Completion::kIncomplete;
  std::size_t dropped_bytes = 0;  // bytes seen after the character limit (not all of a flood)
  bool receipt_sent = false;      // #<<END>># was written in full
};

// Reads one message from a connected sender and, when there is one, sends the receipt.
Received receive_message(int fd, const ReceiveOptions& options,
                         const Clock& clock = SteadyClock::instance());

}  // namespace sockscope::message
