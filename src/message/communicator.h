// Public. The communicator of the "Unsecure TCP/IP Communication with Sockets" lab: a
// menu (1 send, 2 receive, 0 exit) over the library calls in sender.h and receiver.h.
// Talks to a person through the streams it is given (std::cin/std::cout in the CLI,
// string streams in the lab and in tests); it never touches stdin/stdout itself.
//
// Ends on "0", on the end of input, or on Ctrl-C/SIGTERM (net/interrupt.h), always
// with "Goodbye!". Only waiting for a sender may last without a deadline (unless
// `wait_for_sender` is set); every other wait is bounded.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "core/clock.h"
#include "message/input.h"
#include "message/receiver.h"
#include "message/sender.h"

namespace sockscope::message {

struct CommunicatorOptions {
  std::string title = "===The sockscope Communicator===";
  std::uint16_t port = kDefaultPort;  // where we send to and where we listen
  net::Endpoint bind;                 // listening address; port replaced by `port`
  Duration send_timeout = kSendTimeout;
  std::optional<Duration> wait_for_sender;  // unset: until a sender comes or Ctrl-C
  ReceiveOptions receive;
  bool echo_input = false;  // write what was read after each prompt (for transcripts)
};

struct CommunicatorSummary {
  int sent = 0;      // messages with a receipt
  int failed = 0;    // messages not sent or without a receipt
  int received = 0;  // messages received
  bool interrupted = false;
};

class Communicator {
 public:
  Communicator(std::istream& in, std::ostream& out, CommunicatorOptions options,
               const Clock& clock = SteadyClock::instance());
  CommunicatorSummary run();

 private:
  void show_menu();
  // Prompts and reads one line; nullopt when input ended or we were interrupted.
  std::optional<std::string> ask(const char* prompt);
  std::optional<std::string> ask_message();
  std::optional<in_addr> ask_recipient();
  bool send();     // false: input ended or interrupted, stop the menu
  bool receive();  // likewise
  void line(const std::string& text);

  std::istream& in_;
  std::ostream& out_;
  CommunicatorOptions options_;
  CommunicatorSummary summary_;
  const Clock& clock_;
};

}  // namespace sockscope::message
