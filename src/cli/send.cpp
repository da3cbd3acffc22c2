// `sockscope send`: one message to a server, the reply printed exactly.
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/options.h"
#include "core/error.h"
#include "net/interrupt.h"
#include "serve/client.h"

namespace sockscope::cli {
namespace {
namespace file_send {

struct Flags {
  std::string proto = "tcp";
  std::string host;
  std::string port;
  std::string message;
  std::string timeout = "5";
  std::string quiet_gap;
  bool no_half_close = false;
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("--proto", flags->proto, "tcp or udp")->type_name("PROTO")->capture_default_str();
  app.add_option("HOST", flags->host, "server name, IPv4 or IPv6 address")->required();
  app.add_option("PORT", flags->port, "server port, 1-65535")->required();
  app.add_option("MESSAGE", flags->message, "text to send; read from stdin when left out");
  app.add_option("-t,--timeout", flags->timeout,
                 "seconds for the whole exchange: connection, message and reply")
      ->type_name("S")
      ->capture_default_str();
  app.add_flag("--no-half-close", flags->no_half_close,
               "TCP: keep our write side open after the message (for servers such as "
               "'ncat -l -c CMD' that hang up on a half-close); the reply ends at the "
               "first quiet gap");
  app.add_option("--quiet-gap", flags->quiet_gap,
                 "TCP: seconds of silence after reply bytes that end the reply (default: off; "
                 "0.5 with --no-half-close)")
      ->type_name("S");
  app.footer(
      "TCP: connects, sends, half-closes, prints everything until the server closes or the\n"
      "timeout. UDP: one datagram (at most 65507 bytes), one reply. The reply is printed as\n"
      "received, plus a final newline when it does not end with one. A name is tried at\n"
      "each of its addresses in turn (e.g. ::1, then 127.0.0.1 for localhost).\n"
      "Exit: 0 reply printed; 1 'sockscope: error: connection refused', 'timed out after S s', 'no "
      "route\n"
      "to HOST', 'unknown host HOST' or no reply; 2 bad arguments; 130/143 Ctrl-C/SIGTERM.\n"
      "Examples:\n"
      "  sockscope send 192.0.2.10 12000 'hello'            (the lab's TCPClient)\n"
      "  sockscope send --proto udp 192.0.2.10 12000 hello  (the lab's UDPClient)\n"
      "  echo hi | sockscope send --no-half-close 192.0.2.10 8080");
  return [flags, &app] {
    net::install_interrupt_handlers();
    serve::SendOptions options;
    options.transport = parse_transport(flags->proto);
    options.host = require_host(flags->host);
    options.port = net::parse_port(flags->port);
    options.timeout = parse_timeout(flags->timeout);
    options.half_close = !flags->no_half_close;
    if (options.transport == net::Transport::kUdp &&
        (flags->no_half_close || app.count("--quiet-gap") > 0)) {
      throw usage_error(std::string("bad ") +
                        (flags->no_half_close ? "--no-half-close" : "--quiet-gap") +
                        " with --proto udp: UDP sends one datagram and reads one reply");
    }
    if (app.count("--quiet-gap") > 0) {
      options.quiet_gap = parse_timeout(flags->quiet_gap, "--quiet-gap");
    } else if (flags->no_half_close) {
      options.quiet_gap = std::chrono::milliseconds(500);
    }
    if (app.count("MESSAGE") > 0) {
      options.message = flags->message;
    } else {
      auto text = read_all_stdin();
      if (!text) return interrupted_exit_code();
      options.message = std::move(*text);
    }
    if (options.transport == net::Transport::kUdp &&
        options.message.size() > serve::kMaxUdpPayload) {
      throw usage_error("message of " + std::to_string(options.message.size()) +
                        " bytes is too long for one UDP datagram (at most " +
                        std::to_string(serve::kMaxUdpPayload) + ")");
    }
    char last = '\n';
    options.on_reply = [&last](std::string_view bytes) {
      std::fwrite(bytes.data(), 1, bytes.size(), stdout);
      std::fflush(stdout);
      if (!bytes.empty()) last = bytes.back();
    };
    serve::SendResult result = serve::send_message(options);
    // Like the lab's print(): the reply ends its line, so the prompt (or the next reply
    // of a loop) starts on a fresh one. A reply that ends with a newline gets none.
    if (last != '\n') std::fputc('\n', stdout);
    std::fflush(stdout);
    if (result.outcome == net::Outcome::kOk) return 0;
    print_error(serve::describe_failure(result, options));
    if (result.outcome == net::Outcome::kInterrupted) return interrupted_exit_code();
    return static_cast<int>(ExitCode::kNetworkNo);
  };
}

const bool registered =
    register_command({"send", "send one message over TCP or UDP and print the reply", 20, setup});

}  // namespace file_send
}  // namespace
}  // namespace sockscope::cli
