// `sockscope communicator`: the lab's menu program (1 send, 2 receive, 0 exit) on
// stdin/stdout. The work is message::Communicator; this file only maps flags.
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "cli/options.h"
#include "message/communicator.h"
#include "net/interrupt.h"

namespace sockscope::cli {
namespace {
namespace file_communicator {

struct Flags {
  std::string port = "65432";
  std::string bind = "0.0.0.0";
  std::string timeout = "30";
  std::string wait;
  std::string quiet_gap = "0.5";
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("-p,--port", flags->port, "port to send to and to listen on")
      ->type_name("N")
      ->capture_default_str();
  app.add_option("--bind", flags->bind, "address to listen on when receiving")
      ->type_name("ADDR")
      ->capture_default_str();
  app.add_option("-t,--timeout", flags->timeout,
                 "seconds a send waits for the connection and the receipt; also how long a "
                 "connected sender has to deliver its whole message")
      ->type_name("S")
      ->capture_default_str();
  app.add_option("--wait", flags->wait, "seconds to wait for a sender (default: until Ctrl-C)")
      ->type_name("S");
  app.add_option("--quiet-gap", flags->quiet_gap,
                 "seconds of silence after which a sender's bytes count as the whole message")
      ->type_name("S")
      ->capture_default_str();
  app.footer(
      "Wire protocol: the message as UTF-8 bytes, then '#<<END>>#' back as the receipt.\n"
      "A received message is complete when the sender closes, at 4096 characters, or after\n"
      "the quiet gap, within --timeout of connecting; several senders are read at once and\n"
      "the first to finish is shown (a message only once its receipt went out).\n"
      "Ends with 'Goodbye!' and exit 0 on 0, end of input, Ctrl-C or SIGTERM; exit 2 for bad\n"
      "flags.\n"
      "Example: sockscope communicator   (then 1 to send, 2 to receive, 0 to exit)");
  return [flags, &app] {
    net::install_interrupt_handlers();
    message::CommunicatorOptions options;
    options.port = net::parse_port(flags->port);
    options.bind = net::parse_bind_address(flags->bind, options.port);
    options.send_timeout = parse_timeout(flags->timeout);
    options.receive.rule.message_timeout = options.send_timeout;
    options.receive.rule.quiet_gap = parse_timeout(flags->quiet_gap, "--quiet-gap");
    if (app.count("--wait") > 0) options.wait_for_sender = parse_timeout(flags->wait, "--wait");
    message::Communicator communicator(std::cin, std::cout, options);
    communicator.run();
    return 0;
  };
}

const bool registered = register_command(
    {"communicator", "the lab's two-way messenger: a menu to send or receive one message", 40,
     setup});

}  // namespace file_communicator
}  // namespace
}  // namespace sockscope::cli
