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

struct Flags {
  std::string proto = "tcp";
  std::string host;
  std::string port;
  std::string message;
  std::string timeout = "5";
  bool has_message = false;
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("--proto", flags->proto, "tcp or udp")->capture_default_str();
  app.add_option("HOST", flags->host, "server name or address")->required();
  app.add_option("PORT", flags->port, "server port")->required();
  app.add_option("MESSAGE", flags->message, "text to send; read from stdin when left out");
  app.add_option("-t,--timeout", flags->timeout, "seconds to wait for the connection and the reply")
      ->capture_default_str();
  app.footer(
      "TCP: connects, sends, half-closes, prints everything until the server closes.\n"
      "UDP: one datagram, one reply. Exit 0 on a reply, 1 when refused/timed out/unknown host.");
  return [flags, &app] {
    net::install_interrupt_handlers();
    serve::SendOptions options;
    options.transport = parse_transport(flags->proto);
    options.port = net::parse_port(flags->port);
    options.host = flags->host;
    options.timeout = parse_timeout(flags->timeout);
    options.message = app.count("MESSAGE") > 0 ? flags->message : read_all_stdin();
    options.on_reply = [](std::string_view bytes) {
      std::fwrite(bytes.data(), 1, bytes.size(), stdout);
      std::fflush(stdout);
    };
    serve::SendResult result = serve::send_message(options);
    if (result.status == serve::SendStatus::kReplied) return 0;
    std::fprintf(stderr, "error: %s\n", serve::describe_failure(result, options).c_str());
    return static_cast<int>(ExitCode::kNetworkNo);
  };
}

const bool registered = register_command({"send", "send one message over TCP or UDP and print the reply", 20, setup});

}  // namespace
}  // namespace sockscope::cli
