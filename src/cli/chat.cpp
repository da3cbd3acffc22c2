// `sockscope chat server` and `sockscope chat client`: a chat room over TCP with
// accounts (Argon2id, SQLite) and direct messages over UDP (docs/chat-protocol.md).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "chat/auth_worker.h"
#include "chat/chat_client.h"
#include "chat/chat_server.h"
#include "chat/legacy_protocol.h"
#include "chat/line_input.h"
#include "chat/protocol.h"
#include "cli/command.h"
#include "cli/options.h"
#include "core/error.h"
#include "serve/line_log.h"

namespace sockscope::cli {
namespace {
namespace file_chat {

struct Flags {
  // server
  std::string bind = "0.0.0.0";
  std::string port = "5000";
  std::string db = "chat.db";
  std::string auth = "required";
  std::string history = "20";
  std::string redis;
  bool tls = false;
  std::string cert;
  std::string key;
  // client
  bool insecure = false;
  std::string rate = "20";
  std::string burst = "50";
  std::string login_timeout = "30";
  std::string auth_threads;  // empty: one per core
  bool legacy = false;
  // client
  std::string host;
  std::string user;
  bool register_first = false;
  bool password_stdin = false;
  std::string password_env;
  std::string udp_port = "5000";
  std::string client_bind;
};

int run_server(const Flags& flags) {
  chat::ChatServerOptions options;
  options.bind = net::parse_bind_address(flags.bind, net::parse_port(flags.port, true));
  if (flags.auth != "required" && flags.auth != "off") {
    throw usage_error("bad --auth " + flags.auth + ": use required or off");
  }
  if (flags.auth == "required") {
    if (flags.db.empty()) throw usage_error("bad --db '': give a file name");
    options.db_path = flags.db;
  }
  options.room.history =
      static_cast<std::size_t>(parse_count(flags.history, "--history", 0, 10000));
  if (flags.tls) {
    if (flags.cert.empty() || flags.key.empty()) {
      throw usage_error("bad --tls: give --cert FILE and --key FILE");
    }
    options.tls = net::TlsServerContext::load(flags.cert, flags.key);
  } else if (!flags.cert.empty() || !flags.key.empty()) {
    throw usage_error("bad --" + std::string(flags.cert.empty() ? "key" : "cert") +
                      " without --tls");
  }
  if (!flags.redis.empty()) {
    std::string problem;
    chat::RedisTarget target = chat::parse_redis_url(flags.redis, problem);
    if (!problem.empty()) throw usage_error("bad --redis " + flags.redis + ": " + problem);
    // Resolved once here, so the loop never waits on a name lookup when it reconnects.
    net::Resolution found = net::resolve(target.host, target.port, net::Transport::kTcp);
    if (found.endpoints.empty()) {
      throw usage_error("bad --redis " + flags.redis + ": " + target.host + ": " + found.error);
    }
    target.host = found.endpoints.front().address_string();
    // redis-cli's variable: the password need not be on the command line (ps shows it).
    if (const char* env = std::getenv("REDISCLI_AUTH"); target.password.empty() && env && *env)
      target.password = env;
    options.redis = target;
  }
  options.room.rate.per_second = static_cast<double>(parse_count(flags.rate, "--rate", 0, 100000));
  options.room.rate.burst = static_cast<double>(parse_count(flags.burst, "--burst", 1, 100000));
  options.room.login_timeout = parse_timeout(flags.login_timeout, "--login-timeout");
  if (!flags.auth_threads.empty()) {
    options.auth_threads = static_cast<std::size_t>(
        parse_count(flags.auth_threads, "--auth-threads", 1,
                    static_cast<long long>(chat::AuthWorker::kMaxThreads)));
  }
  options.legacy = flags.legacy;
  if (options.legacy) options.db_path.reset();  // the lab's protocol has no accounts
  if (options.legacy && options.redis) {
    throw usage_error("bad --redis with --legacy: only our protocol is shared across servers");
  }
  // The loop only queues lines; a stdout nobody reads never holds the room.
  serve::LineLog out(STDOUT_FILENO, serve::LineLogOptions{});
  chat::ChatServerEvents events;
  events.on_listening = [&out](const net::Endpoint& local) {
    out.write("chat server listening on " + local.to_string());
  };
  events.log = [&out](std::string line) { out.write_limited(line); };
  chat::run_chat_server(options, events);
  return 0;
}

// The first line of stdin, read a byte at a time so the commands after it stay unread.
std::string read_password_line() {
  std::string line;
  char c = 0;
  while (::read(STDIN_FILENO, &c, 1) == 1 && c != '\n') {
    line.push_back(c);
    if (line.size() > chat::kMaxPasswordBytes + 1) break;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int run_client(const Flags& flags, const CLI::App& app) {
  chat::ChatClientOptions options;
  options.host = require_host(flags.host);
  options.port = net::parse_port(flags.port);
  options.legacy = flags.legacy;
  if (flags.legacy && flags.tls)
    throw usage_error("bad --tls with --legacy: the lab's protocol has no TLS");
  // Legacy: every client binds the same UDP port number, the server's unless given.
  bool udp_given = app.count("--udp-port") > 0;
  options.udp_port = flags.legacy && !udp_given
                         ? options.port
                         : net::parse_port(flags.udp_port, !flags.legacy, "--udp-port");
  if (flags.user.empty()) throw usage_error("bad --user '': give a user name");
  std::string name_problem =
      flags.legacy ? chat::legacy_name_problem(flags.user) : chat::username_problem(flags.user);
  if (!name_problem.empty()) throw usage_error("bad --user " + flags.user + ": " + name_problem);
  if (flags.legacy &&
      (flags.register_first || flags.password_stdin || !flags.password_env.empty())) {
    throw usage_error("bad --legacy with a password or --register: the lab's protocol has none");
  }
  options.user = flags.user;
  options.register_first = flags.register_first;
  if (flags.insecure && !flags.tls) throw usage_error("bad --insecure without --tls");
  options.tls = flags.tls;
  options.verify = !flags.insecure;
  if (app.count("--bind") > 0) options.bind = flags.client_bind;
  if (flags.password_stdin && !flags.password_env.empty()) {
    throw usage_error("bad --password-env with --password-stdin: give one of them");
  }
  if (!flags.password_env.empty()) {
    const char* value = std::getenv(flags.password_env.c_str());
    if (value == nullptr)
      throw usage_error("bad --password-env " + flags.password_env + ": not set");
    options.password = value;
  } else if (flags.password_stdin) {
    options.password = read_password_line();
  }
  if (options.register_first) {
    if (!options.password)
      throw usage_error("bad --register: give --password-stdin or --password-env");
    if (std::string problem = chat::password_problem(*options.password); !problem.empty()) {
      throw usage_error("bad password: " + problem);
    }
  }
  // On a terminal, libedit keeps the line being typed whole while messages arrive; from
  // a pipe, plain lines.
  std::unique_ptr<chat::LineInput> input;
  auto notice = [&input](const std::string& line) {
    if (input) {
      input->print(stderr, line);
    } else {
      std::fputs((line + "\n").c_str(), stderr);
    }
  };
  if (::isatty(STDIN_FILENO) == 1 && ::isatty(STDOUT_FILENO) == 1) {
    input = chat::make_terminal_input(STDIN_FILENO, "> ", chat::kMaxFrameBytes, notice);
  } else {
    input = chat::make_pipe_input(STDIN_FILENO, chat::kMaxFrameBytes, notice);
  }
  chat::ChatClientOutput output;
  output.out = [&input](const std::string& line) { input->print(stdout, line); };
  output.notice = notice;
  chat::ClientEnd end = chat::run_chat_client(options, *input, output);
  input.reset();
  return end == chat::ClientEnd::kLeft ? 0 : static_cast<int>(ExitCode::kNetworkNo);
}

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.require_subcommand(1);
  CLI::App* server = app.add_subcommand("server", "run the chat room");
  server->add_option("--bind", flags->bind, "address to listen on")
      ->type_name("ADDR")
      ->capture_default_str();
  server->add_option("-p,--port", flags->port, "TCP port (0 picks a free one)")
      ->type_name("N")
      ->capture_default_str();
  server->add_option("--db", flags->db, "SQLite user database, created on first run")
      ->type_name("FILE")
      ->capture_default_str();
  server->add_option("--auth", flags->auth, "required (accounts) | off (name-only joins)")
      ->type_name("MODE")
      ->capture_default_str();
  server->add_option("--history", flags->history, "room messages replayed on login, 0-10000")
      ->type_name("N")
      ->capture_default_str();
  server
      ->add_option("--redis", flags->redis,
                   "share the room with other servers through Redis pub/sub "
                   "(redis://[[USER]:PASSWORD@]HOST[:PORT][/DB])")
      ->type_name("URL");
  server->add_flag("--tls", flags->tls, "clients speak TLS (1.2 or later); needs --cert and --key");
  server->add_option("--cert", flags->cert, "PEM certificate chain for --tls")->type_name("FILE");
  server->add_option("--key", flags->key, "PEM private key for --tls")->type_name("FILE");
  server->add_option("--rate", flags->rate, "room messages a second per client, 0 = no limit")
      ->type_name("N")
      ->capture_default_str();
  server->add_option("--burst", flags->burst, "room messages a client may send at once")
      ->type_name("N")
      ->capture_default_str();
  server
      ->add_option("--login-timeout", flags->login_timeout,
                   "close a connection not logged in after this many seconds")
      ->type_name("SECONDS")
      ->capture_default_str();
  server
      ->add_option("--auth-threads", flags->auth_threads,
                   "password checks (Argon2id, 19 MiB each) run at once, 1-8 (default: one per "
                   "core, at most 8)")
      ->type_name("N");
  server->add_flag("--legacy", flags->legacy,
                   "the lab's wire protocol: a name first, '!{...}' presence, 'name: msg ' "
                   "(no accounts; --db and --auth unused)");
  server->footer(
      "Over --rate, a client's messages are held back and sent late (up to 100 messages or\n"
      "64 KiB), then dropped with one notice.\n"
      "Prints 'chat server listening on ADDR:PORT', then a line per join and leave. Runs until\n"
      "Ctrl-C or SIGTERM (clients get a bye frame), then exits 0. Exit 1 when the port is taken,\n"
      "2 bad arguments or a --db that is not a chat database.\n"
      "--redis redis://HOST[:PORT] shares the room with every server on that Redis (pub/sub;\n"
      "a lost Redis is logged and retried, the local room keeps working). A password comes\n"
      "from the URL (:PASSWORD@ or USER:PASSWORD@, %-escaped) or $REDISCLI_AUTH; /DB is\n"
      "accepted and unused (pub/sub channels belong to no database). --tls --cert F --key F:\n"
      "clients speak TLS. Protocol, limits and error codes: docs/chat-protocol.md.");

  CLI::App* client = app.add_subcommand("client", "join a chat room; stdin lines are commands");
  client->add_option("HOST", flags->host, "server address or name")->required();
  client->add_option("-p,--port", flags->port, "server TCP port")
      ->type_name("N")
      ->capture_default_str();
  client->add_option("--user", flags->user, "user name")->type_name("NAME")->required();
  client->add_flag("--register", flags->register_first, "create the account, then join");
  client->add_flag("--password-stdin", flags->password_stdin,
                   "the first line of stdin is the password");
  client
      ->add_option("--password-env", flags->password_env,
                   "the password is in this environment variable")
      ->type_name("VAR");
  client
      ->add_option("--udp-port", flags->udp_port,
                   "UDP port for direct messages (0 picks a free one)")
      ->type_name("N")
      ->capture_default_str();
  client->add_option("--bind", flags->client_bind, "source address for TCP and UDP")
      ->type_name("ADDR");
  client->add_flag("--tls", flags->tls, "TLS to the server, certificate checked against HOST");
  client->add_flag("--insecure", flags->insecure, "with --tls: accept any certificate");
  client->add_flag("--legacy", flags->legacy,
                   "the lab's wire protocol (no password; UDP on --port unless --udp-port)");
  client->footer(
      "Each input line is a command: '#ls' prints who is online, '@user: text' sends a UDP\n"
      "datagram straight to that user, '#quit' leaves, anything else goes to the room.\n"
      "Prints 'name: text' per room message, '* name joined' / '* name left', '[history] ...'\n"
      "on login and '[direct] name: text' (or 'Non-registered (IP:PORT)') per direct message.\n"
      "On a terminal, lines are edited with libedit and incoming messages are printed above\n"
      "the line being typed. With --legacy there is no password, and '* logged in' means the\n"
      "server's presence list named us.\n"
      "Exit 0 when stdin ends (after a short drain) or on #quit, 1 when the login is refused\n"
      "or the connection is lost, 2 bad usage.\n"
      "Example: echo hello | sockscope chat client 192.0.2.10 --user alice --password-env PW");

  return [flags, server, client] {
    return server->parsed() ? run_server(*flags) : run_client(*flags, *client);
  };
}

const bool registered = register_command(
    {"chat", "a chat room server and client (accounts, UDP direct messages)", 45, setup});

}  // namespace file_chat
}  // namespace
}  // namespace sockscope::cli
