// `sockscope message send|receive`: the communicator's two halves without the menu,
// for scripts. Same library calls, same lines, exit codes instead of a menu:
// 0 delivered/received, 1 the network said no, 2 bad input.
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/options.h"
#include "core/error.h"
#include "message/input.h"
#include "message/receiver.h"
#include "message/sender.h"
#include "message/transcript.h"
#include "net/interrupt.h"

namespace sockscope::cli {
namespace {
namespace file_message {

struct Flags {
  // send
  std::string to;
  std::string message;
  std::string timeout = "30";
  // receive
  std::string bind = "0.0.0.0";
  std::string wait;
  std::string quiet_gap = "0.5";
  std::string count = "1";
  // both
  std::string port = "65432";
};

void say(const std::string& line) {
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

int run_send(const Flags& flags, bool has_message) {
  net::install_interrupt_handlers();
  std::uint16_t port = net::parse_port(flags.port);
  auto address = message::parse_recipient(flags.to);
  if (!address)
    throw usage_error("bad --to '" + flags.to + "': not a valid IPv4 address (a.b.c.d)");
  message::SendOptions options;
  options.to = net::Endpoint::ipv4(*address, port);
  options.timeout = parse_timeout(flags.timeout);
  if (has_message) {
    options.text = flags.message;
  } else {
    auto text = read_all_stdin();
    if (!text) return interrupted_exit_code();
    options.text = std::move(*text);
    if (!options.text.empty() && options.text.back() == '\n') options.text.pop_back();
  }
  if (std::string error = message::message_error(options.text); !error.empty()) {
    throw usage_error(error.substr(std::string_view("Error, ").size()));
  }
  say("Sending.");
  message::SendReport report = message::send_text(options);
  say(message::outcome_line(report));
  if (report.delivered()) return 0;
  if (!report.reason.empty()) print_error(report.reason);
  if (report.outcome == net::Outcome::kInterrupted) return interrupted_exit_code();
  return static_cast<int>(ExitCode::kNetworkNo);
}

int run_receive(const Flags& flags, bool has_wait) {
  net::install_interrupt_handlers();
  long long count = parse_count(flags.count, "--count", 1, 1000000);
  net::Endpoint at = net::parse_bind_address(flags.bind, net::parse_port(flags.port, true));
  message::ReceiveOptions options;
  options.rule.message_timeout = parse_timeout(flags.timeout);
  options.rule.quiet_gap = parse_timeout(flags.quiet_gap, "--quiet-gap");
  std::optional<TimePoint> deadline;
  if (has_wait) deadline = SteadyClock::instance().now() + parse_timeout(flags.wait, "--wait");

  message::Listener listener = message::Listener::open(at);
  say(message::waiting_line(listener.local().port()));
  long long received = 0;
  net::Outcome end =
      message::receive_messages(listener, options, deadline, [&](const message::Received& r) {
        for (const auto& line : message::received_lines(r)) say(line);
        if (r.received()) ++received;
        return received < count;
      });
  if (end == net::Outcome::kInterrupted) return interrupted_exit_code();
  if (end == net::Outcome::kTimeout) {
    print_error("no sender within --wait " + flags.wait + " s");
    return static_cast<int>(ExitCode::kNetworkNo);
  }
  return 0;
}

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.require_subcommand(1);
  app.footer(
      "The communicator's two halves as commands: 'send' is its option 1, 'receive' its\n"
      "option 2 (port 65432, '#<<END>>#' receipts). Exit codes: see each one's --help.\n"
      "Example, in two terminals (the receiver first):\n"
      "  sockscope message receive --count 1\n"
      "  sockscope message send --to 127.0.0.1 'Would you like green eggs and ham?'");
  CLI::App* send =
      app.add_subcommand("send", "send one message and wait for the '#<<END>>#' receipt");
  send->add_option("--to", flags->to, "recipient IPv4 address (dotted quad)")
      ->type_name("IP")
      ->required();
  send->add_option("-p,--port", flags->port, "recipient port")
      ->type_name("N")
      ->capture_default_str();
  send->add_option("-t,--timeout", flags->timeout, "seconds for the connection and the receipt")
      ->type_name("S")
      ->capture_default_str();
  send->add_option("MESSAGE", flags->message,
                   "the text (max 4096 characters); stdin when left out");
  send->footer(
      "Prints 'Sending.', then 'Message sent successfully.' (exit 0), 'Message receipt failed.'\n"
      "or 'Message sending error. Message not sent.' (exit 1, the reason on stderr).\n"
      "Exit 2 bad input; 130/143 Ctrl-C/SIGTERM.\n"
      "Example: sockscope message send --to 192.0.2.20 'Would you like green eggs and ham?'");

  CLI::App* receive = app.add_subcommand("receive", "wait for messages, print them, send receipts");
  receive->add_option("-p,--port", flags->port, "port to listen on (0 picks a free one)")
      ->type_name("N")
      ->capture_default_str();
  receive->add_option("--bind", flags->bind, "address to listen on")
      ->type_name("ADDR")
      ->capture_default_str();
  receive->add_option("--count", flags->count, "messages to receive before exiting, 1-1000000")
      ->type_name("N")
      ->capture_default_str();
  receive->add_option("--wait", flags->wait, "seconds to wait for senders (default: until Ctrl-C)")
      ->type_name("S");
  receive
      ->add_option("-t,--timeout", flags->timeout,
                   "seconds a connected sender has to deliver its whole message")
      ->type_name("S")
      ->capture_default_str();
  receive
      ->add_option("--quiet-gap", flags->quiet_gap,
                   "seconds of silence that end a message whose sender keeps the connection open")
      ->type_name("S")
      ->capture_default_str();
  receive->footer(
      "Prints 'Waiting for message on port N', then per sender 'Connected by (IP)', 'Message:',\n"
      "the text and 'End of message.', and answers '#<<END>>#'. Senders are read at the same\n"
      "time (up to 256; more wait their turn), each within one --timeout for its whole\n"
      "message; a message is shown only once its receipt went out.\n"
      "Exit 0 after --count messages, 1 when --wait passes first or the port is taken,\n"
      "2 bad input, 130/143 Ctrl-C/SIGTERM.\n"
      "Example: sockscope message receive --count 2 --wait 60");

  return [flags, send, receive] {
    return send->parsed() ? run_send(*flags, send->count("MESSAGE") > 0)
                          : run_receive(*flags, receive->count("--wait") > 0);
  };
}

const bool registered = register_command(
    {"message", "the communicator without the menu: 'message send' and 'message receive'", 41,
     setup});

}  // namespace file_message
}  // namespace
}  // namespace sockscope::cli
