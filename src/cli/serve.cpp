// `sockscope serve`: the lab's TCP and UDP servers (upper-case echo, fixed banner).
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/options.h"
#include "core/text.h"
#include "serve/serve.h"

namespace sockscope::cli {
namespace {

struct Flags {
  std::string proto = "tcp";
  std::string bind = "0.0.0.0";
  std::string port = "12000";
  std::string reply = "upper";
  int threads = 1;
  bool quiet = false;
};

// Prints the lab's lines. One fprintf per event keeps lines whole across threads.
class PrintingEvents final : public serve::ServerEvents {
 public:
  PrintingEvents(bool tcp, bool quiet) : tcp_(tcp), quiet_(quiet) {}
  void on_listening(const net::Endpoint& local) override {
    std::printf("serverIP: %s\nserverPort: %u\n", local.address_string().c_str(), local.port());
    std::fflush(stdout);
  }
  void on_accepted(const net::Endpoint& peer) override {
    if (quiet_) return;
    std::printf("[*] Accepted connection from %s:%u\n", peer.address_string().c_str(), peer.port());
    std::fflush(stdout);
  }
  void on_received(const net::Endpoint& peer, std::string_view bytes) override {
    if (quiet_) return;
    if (tcp_) {
      std::printf("[*] Received: %s\n", escape_nonprintable(bytes).c_str());
    } else {
      std::printf("[*] Received from %s:%u: %s\n", peer.address_string().c_str(), peer.port(),
                  escape_nonprintable(bytes).c_str());
    }
    std::fflush(stdout);
  }
  void on_refused(const net::Endpoint& peer, std::string_view reason) override {
    std::fprintf(stderr, "sockscope: turned away %s: %.*s\n", peer.to_string().c_str(),
                 static_cast<int>(reason.size()), reason.data());
  }

 private:
  bool tcp_;
  bool quiet_;
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("--proto", flags->proto, "tcp or udp")->capture_default_str();
  app.add_option("--bind", flags->bind, "address to listen on; '::' is dual-stack IPv6+IPv4")->capture_default_str();
  app.add_option("-p,--port", flags->port, "port to listen on; 0 picks a free one")->capture_default_str();
  app.add_option("--reply", flags->reply, "upper | echo | discard | text:STRING (fixed banner, then close)")
      ->capture_default_str();
  app.add_option("--threads", flags->threads, "event loops (SO_REUSEPORT), one per core at most")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_flag("-q,--quiet", flags->quiet, "print only the listening address, not each exchange");
  app.footer(
      "Prints 'serverIP:' and 'serverPort:', then a line per connection and per message.\n"
      "Stops cleanly on Ctrl-C or SIGTERM. Example: sockscope serve --proto udp --port 12000");
  return [flags] {
    serve::ServeOptions options;
    options.transport = parse_transport(flags->proto);
    options.bind = net::parse_bind_address(flags->bind, net::parse_port(flags->port, true));
    options.reply = serve::parse_reply_mode(flags->reply);
    options.threads = flags->threads;
    PrintingEvents events(options.transport == net::Transport::kTcp, flags->quiet);
    serve::run_server(options, events);
    return 0;
  };
}

const bool registered = register_command({"serve", "run a TCP or UDP test server (upper-case echo, banner)", 10, setup});

}  // namespace
}  // namespace sockscope::cli
