// `sockscope serve`: the lab's TCP and UDP servers (upper-case echo, fixed banner).
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/options.h"
#include "core/error.h"
#include "serve/line_log.h"
#include "serve/serve.h"
#include "serve/server_lines.h"

namespace sockscope::cli {
namespace {
namespace file_serve {

struct Flags {
  std::string proto = "tcp";
  std::string bind = "0.0.0.0";
  std::string port = "12000";
  std::string reply = "upper";
  std::string threads = "1";
  std::string idle_timeout;
  bool loop = false;
  bool udp_full_replies = false;
  bool quiet = false;
};

// Prints the lab's lines through LineLogs: the event loops only queue them, so a
// stdout nobody reads never stops the server (lines are dropped and counted instead),
// and the per-exchange lines are rate-limited. One line per event keeps lines whole
// across threads.
class PrintingEvents final : public serve::ServerEvents {
 public:
  PrintingEvents(bool tcp, bool quiet)
      : tcp_(tcp),
        quiet_(quiet),
        out_(STDOUT_FILENO, serve::LineLogOptions{}),
        err_(STDERR_FILENO, stderr_options()) {}
  void on_listening(const net::Endpoint& local) override {
    out_.write(serve::listening_lines(local));
  }
  void on_accepted(const net::Endpoint& peer) override {
    if (!quiet_) out_.write_limited(serve::accepted_line(peer));
  }
  void on_received(const net::Endpoint& peer, std::string_view bytes) override {
    if (!quiet_) out_.write_limited(serve::received_line(peer, bytes, tcp_));
  }
  void on_idle_closed(const net::Endpoint& peer, Duration silent) override {
    if (!quiet_) out_.write_limited(serve::idle_closed_line(peer, silent));
  }
  void on_overflow_closed(const net::Endpoint& peer, std::string_view reason) override {
    if (!quiet_) out_.write_limited(serve::overflow_line(peer, reason));
  }
  void on_refused(const net::Endpoint& peer, std::string_view reason) override {
    err_.write_limited("sockscope: turned away " + peer.to_string() + ": " + std::string(reason));
  }

 private:
  static serve::LineLogOptions stderr_options() {
    serve::LineLogOptions o;
    o.notice_prefix = "sockscope: ";
    return o;
  }
  bool tcp_;
  bool quiet_;
  serve::LineLog out_;
  serve::LineLog err_;
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
                 "upper (as Python's str.upper(); TCP: one answer, then close) | echo |\n"
                 "discard | text:STRING (a fixed banner, then close)")
      ->type_name("MODE")
      ->capture_default_str();
  app.add_option("--threads", flags->threads, "event loops (SO_REUSEPORT), 1-64")
      ->type_name("N")
      ->capture_default_str();
  app.add_option("--idle-timeout", flags->idle_timeout,
                 "TCP: close a client that sends nothing for S seconds (default: never)")
      ->type_name("S");
  app.add_flag("--loop", flags->loop,
               "TCP, --reply upper: keep the connection and answer every message (ncat-like)");
  app.add_flag("--udp-full-replies", flags->udp_full_replies,
               "UDP: send a reply whole even when larger than 3x the datagram it answers");
  app.add_flag("-q,--quiet", flags->quiet, "print only the listening address, not each exchange");
  app.footer(
      "Prints 'serverIP:' and 'serverPort:', then '[*] Accepted connection from IP:PORT' and\n"
      "'[*] Received: TEXT' per exchange (non-printable bytes escaped, the first 200 bytes of a\n"
      "message then '(… K more bytes)', at most 64 KiB of such lines a second, a count of the\n"
      "lines left out). Logging never holds the server: when stdout is not read, lines are\n"
      "dropped and counted. Runs until Ctrl-C or SIGTERM, then exits 0. Exit 1 when the port\n"
      "is taken (also by another server with --threads or --proto udp), 2 bad arguments, 3 a\n"
      "port below 1024 without root.\n"
      "upper: Unicode upper-case with full case mapping (ICU), as the lab's servers do with\n"
      "str.upper() ('straße' -> 'STRASSE'), over TCP and UDP; bytes that are not UTF-8 are\n"
      "sent back unchanged. Over TCP it answers one message and closes, as TCPServer.py\n"
      "does; --loop answers every message. UDP answers every datagram, as UDPServer.py.\n"
      "Limits: a TCP client that does not read its replies is no longer read once 256 KiB\n"
      "of them are queued, and is disconnected when they stay queued for 5 s. A UDP reply\n"
      "is cut at 3x the size of the datagram it answers (no reflection amplifier), unless\n"
      "--udp-full-replies.\n"
      "Examples:\n"
      "  sockscope serve                                   (TCP upper-case, port 12000)\n"
      "  sockscope serve --proto udp --port 12000          (the lab's UDPServer)\n"
      "  sockscope serve --loop                            (upper-cases every line, for ncat)\n"
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
    options.loop = flags->loop;
    if (flags->loop && options.transport != net::Transport::kTcp) {
      throw usage_error("bad --loop with --proto udp: UDP answers every datagram already");
    }
    if (flags->loop && std::holds_alternative<serve::ReplyText>(options.reply)) {
      throw usage_error("bad --loop with --reply text:...: a banner is sent once, then closed");
    }
    options.udp_full_replies = flags->udp_full_replies;
    if (flags->udp_full_replies && options.transport != net::Transport::kUdp) {
      throw usage_error("bad --udp-full-replies with --proto tcp: it is for UDP replies");
    }
    PrintingEvents events(options.transport == net::Transport::kTcp, flags->quiet);
    serve::run_server(options, events);
    return 0;
  };
}

const bool registered = register_command(
    {"serve", "run a TCP or UDP test server (upper-case echo, banner)", 10, setup});

}  // namespace file_serve
}  // namespace
}  // namespace sockscope::cli
