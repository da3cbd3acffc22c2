#include "lab/lab_communicator.h"

#include <sstream>
#include <thread>

#include "message/communicator.h"
#include "message/transcript.h"

namespace sockscope::lab {
namespace {

constexpr const char* kLabMessage = "Would you like green eggs and ham?";

}  // namespace

bool communicator_exchange(LabState& state, Transcript& t) {
  // The receiver listens before the sender starts, so the sender never meets a refusal.
  net::Endpoint at = state.host;
  at.set_port(message::kDefaultPort);
  message::Listener listener = message::Listener::open(at);
  std::vector<std::string> receiver_lines{message::waiting_line(listener.local().port())};
  bool received = false;
  std::thread receiver([&] {
    TimePoint deadline = SteadyClock::instance().now() + 2 * state.timeout;
    message::ReceiveOptions options;
    options.rule.message_timeout = state.timeout;
    net::Outcome end = message::receive_messages(
        listener, options, deadline, [&](const message::Received& message) {
          for (auto& line : message::received_lines(message)) receiver_lines.push_back(line);
          received = message.received();
          return false;
        });
    if (end == net::Outcome::kTimeout) receiver_lines.emplace_back("No sender came.");
  });

  std::istringstream keyboard(std::string("1\n") + kLabMessage + "\n" +
                              state.host.address_string() + "\n0\n");
  std::ostringstream screen;
  message::CommunicatorOptions options;
  options.port = message::kDefaultPort;
  options.send_timeout = state.timeout;
  options.echo_input = true;  // the transcript shows what was "typed"
  message::CommunicatorSummary summary = message::Communicator(keyboard, screen, options).run();
  receiver.join();

  // In the order things happened: the receiver waits, the sender types and sends, the
  // receiver prints the message and answers, then the sender reports the receipt.
  t.line("receiver | " + receiver_lines.front());
  std::istringstream lines(screen.str());
  bool receiver_shown = false;
  auto show_receiver = [&] {
    for (std::size_t i = 1; i < receiver_lines.size(); ++i)
      t.line("receiver | " + receiver_lines[i]);
    receiver_shown = true;
  };
  for (std::string line; std::getline(lines, line);) {
    t.line("sender   | " + line);
    if (line == "Sending." && !receiver_shown) show_receiver();
  }
  if (!receiver_shown) show_receiver();
  state.message_delivered = summary.sent == 1 && received;
  if (!state.message_delivered) t.failed("the message or its receipt did not arrive");
  return state.message_delivered;
}

}  // namespace sockscope::lab
