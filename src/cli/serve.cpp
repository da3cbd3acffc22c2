// `sockscope serve`: the lab's TCP and UDP servers (upper-case echo, fixed banner).
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/options.h"
#include "core/error.h"
#include "serve/serve.h"
#include "serve/server_lines.h"

namespace sockscope::cli {
namespace {

struct Flags {
  std::string proto = "tcp";
  std::string bind = "0.0.0.0";
  std::string port = "12000";
  std::string reply = "upper";
  std::string threads = "1";
  std::string idle_timeout;
  bool quiet = false;
};

// Prints the lab's lines. One printf per event keeps lines whole across threads.
class PrintingEvents final : public serve::ServerEvents {
 public:
  PrintingEvents(bool tcp, bool quiet) : tcp_(tcp), quiet_(quiet) {}
  void on_listening(const net::Endpoint& local) override { say(serve::listening_lines(local)); }
  void on_accepted(const net::Endpoint& peer) override {
    if (!quiet_) say(serve::accepted_line(peer));
  }
  void on_received(const net::Endpoint& peer, std::string_view bytes) override {
    if (!quiet_) say(serve::received_line(peer, bytes, tcp_));
  }
  void on_idle_closed(const net::Endpoint& peer, Duration silent) override {
    if (!quiet_) say(serve::idle_closed_line(peer, silent));
  }
  void on_refused(const net::Endpoint& peer, std::string_view reason) override {
    std::fprintf(stderr, "sockscope: turned away %s: %.*s\n", peer.to_string().c_str(),
                 static_cast<int>(reason.size()), reason.data());
  }

 private:
  static void say(const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  }
  bool tcp_;
  bool quiet_;
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("--proto", flags->proto, "tcp or udp")->type_name("PROTO")->capture_default_str();
  app.add_option("--bind", flags->bind,
                 "address to listen on; 0.0.0.0 = every IPv4 address, '::' = dual-stack")
      ->type_name("ADDR")
      ->capture_default_str();
  app.add_option("-p,--port", flags->port, "port to listen on; 0 picks a free one")
      ->type_name("N")
      ->capture_default_str();
  app.add_option("--reply", flags->reply,
                 "upper | echo | discard | text:STRING (a fixed banner, then close)")
      ->type_name("MODE")
      ->capture_default_str();
  app.add_option("--threads", flags->threads, "event loops (SO_REUSEPORT), 1-64")
      ->type_name("N")
      ->capture_default_str();
  app.add_option("--idle-timeout", flags->idle_timeout,
                 "TCP: close a client that sends nothing for S seconds (default: never)")
      ->type_name("S");
  app.add_flag("-q,--quiet", flags->quiet, "print only the listening address, not each exchange");
  app.footer(
      "Prints 'serverIP:' and 'serverPort:', then '[*] Accepted connection from IP:PORT' and\n"
      "'[*] Received: TEXT' per exchange (non-printable bytes escaped). Runs until Ctrl-C or\n"
      "SIGTERM, then exits 0. Exit 1 when the port is taken, 2 bad arguments, 3 a port below\n"
      "1024 without root.\n"
      "Examples:\n"
      "  sockscope serve                                   (TCP upper-case, port 12000)\n"
      "  sockscope serve --proto udp --port 12000          (the lab's UDPServer)\n"
      "  sockscope serve --port 9999 --reply 'text:server over TCP is working'");
  return [flags, &app] {
    serve::ServeOptions options;
    options.transport = parse_transport(flags->proto);
    options.bind = net::parse_bind_address(flags->bind, net::parse_port(flags->port, true));
    options.reply = serve::parse_reply_mode(flags->reply);
    options.threads = static_cast<int>(parse_count(flags->threads, "--threads", 1, 64));
    if (app.count("--idle-timeout") > 0) {
      options.idle_timeout = parse_timeout(flags->idle_timeout, "--idle-timeout");
      if (options.transport != net::Transport::kTcp) {
        throw usage_error("bad --idle-timeout with --proto udp: UDP has no connections to close");
      }
    }
    PrintingEvents events(options.transport == net::Transport::kTcp, flags->quiet);
    serve::run_server(options, events);
    return 0;
  };
}

const bool registered = register_command(
    {"serve", "run a TCP or UDP test server (upper-case echo, banner)", 10, setup});

}  // namespace
}  // namespace sockscope::cli
