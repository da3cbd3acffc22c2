// Public. The communicator's receive(): listen on a port, read every connected sender's
// message by the completion rule (completion.h), answer "#<<END>>#", report each sender.
//
// Senders are read concurrently (one poll loop, one deadline per sender), so a sender
// that dribbles or never finishes holds only its own slot, never the receiver: the
// others are read, answered and reported as they complete.
//   Listener listener = Listener::open(bind);      // throws Error if the port is taken
//   receive_messages(listener, options, stop_accepting, [](const Received& r) {
//     ...show it...; return keep_going;
//   });
// A message is reported as received (outcome kOk) if and only if its receipt was sent:
// no message is shown while its sender is told it failed. A misbehaving sender
// (silence, dribbling, reset, a flood beyond the limit) ends with a result, never a hang.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/clock.h"
#include "message/completion.h"
#include "net/address.h"
#include "net/fd.h"
#include "net/outcome.h"

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

struct ReceiveOptions {
  CompletionRule rule;
  Duration receipt_timeout = std::chrono::seconds(5);  // for writing #<<END>># back
  // Senders read at once; further ones wait in the kernel's accept queue until a slot
  // frees (each slot holds at most one message of rule.max_chars characters).
  std::size_t max_senders = 256;
};

struct Received {
  net::Endpoint peer;
  // kOk: a message, and its receipt was sent; show it.
  // kClosed: the sender closed or reset without sending anything.
  // kTimeout: nothing (how == kSilent) or no whole message (kTooSlow) within the
  //           message timeout; no receipt.
  // kReset, kError, kTimeout with a complete `how`: a message arrived but its receipt
  //           could not be sent, so it is not shown.
  // kInterrupted: Ctrl-C or SIGTERM.
  net::Outcome outcome = net::Outcome::kClosed;
  Completion how = Completion::kIncomplete;
  std::string text;               // the message (kept even when the receipt failed)
  std::size_t dropped_bytes = 0;  // bytes seen after the character limit (not all of a flood)
  bool received() const { return outcome == net::Outcome::kOk; }
};

// One connected sender being read: the completion rule over a non-blocking socket,
// driven by whoever waits on the socket (receive_messages or receive_message).
// Does not own the descriptor.
class IncomingMessage {
 public:
  IncomingMessage(int fd, net::Endpoint peer, const ReceiveOptions& options,
                  const Clock& clock = SteadyClock::instance());
  int fd() const { return fd_; }
  // Reads what the socket holds now (a bounded amount, so a flood cannot starve others).
  void on_readable();
  // Complete (or given up on), the clock taken into account.
  bool done() const;
  // When done() may become true by time alone.
  TimePoint deadline() const;
  // Once done(): sends the receipt when there is a message, and says what happened.
  Received finish();

 private:
  int fd_;
  net::Endpoint peer_;
  const ReceiveOptions& options_;
  const Clock& clock_;
  MessageAssembler assembler_;
  Completion state_ = Completion::kIncomplete;
  // At the limit: a short look past it tells a flood from an exact fit.
  std::optional<TimePoint> look_until_;
};

// Reads one already connected sender to the end (tests and one-off callers).
Received receive_message(int fd, const net::Endpoint& peer, const ReceiveOptions& options,
                         const Clock& clock = SteadyClock::instance());

// Called once per sender when it is done, in the order they finish. Return false to
// stop receiving (the senders still being read are closed without a receipt).
using SenderDone = std::function<bool(const Received&)>;

// Accepts and reads senders until `on_sender` returns false (kOk), Ctrl-C/SIGTERM
// (kInterrupted), or `stop_accepting` passes and every accepted sender is done
// (kTimeout). No stop_accepting = accept until stopped. Throws sockscope::Error when
// accept() fails for a reason other than a transient shortage or a sender that left.
net::Outcome receive_messages(const Listener& listener, const ReceiveOptions& options,
                              std::optional<TimePoint> stop_accepting, const SenderDone& on_sender,
                              const Clock& clock = SteadyClock::instance());

}  // namespace sockscope::message
