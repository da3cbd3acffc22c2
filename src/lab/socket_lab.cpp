#include "lab/socket_lab.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>

#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include "core/text.h"
#include "fmt/format.h"
#include "lab/lab_banners.h"
#include "lab/lab_capture.h"
#include "lab/lab_capture_answers.h"
#include "lab/lab_chat.h"
#include "lab/lab_communicator.h"
#include "lab/lab_http.h"
#include "lab/lab_scan.h"
#include "scan/probe.h"
#include "serve/client.h"

namespace sockscope::lab {
namespace {

// `expect` lines are waited for (briefly): the server logs on its own thread.
void show_server_log(BackgroundServer& server, Transcript& t, std::size_t expect = 0) {
  for (const auto& line : server.take_log(expect, std::chrono::milliseconds(500))) {
    t.line("server   " + line);
  }
}

bool show_interfaces(LabState& state, Transcript& t) {
  t.line("network: " + state.network);
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return false;
  int count = 0;
  for (ifaddrs* ifa = list; ifa != nullptr; ifa = ifa->ifa_next) {
    if (ifa->ifa_addr == nullptr || ifa->ifa_addr->sa_family != AF_INET) continue;
    char addr[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(ifa->ifa_addr)->sin_addr, addr,
              sizeof(addr));
    t.line(fmt::format("interface {} {} {}", ifa->ifa_name, addr,
                       (ifa->ifa_flags & IFF_UP) != 0 ? "up" : "down"));
    ++count;
  }
  ::freeifaddrs(list);
  t.line("nothing here can reach another machine: every packet stays in this namespace");
  return count > 0;
}

bool start_servers(LabState& state, Transcript& t) {
  std::mt19937 rng(state.seed);
  // A range such as 23400-23499 (the lab's "range to tell your friend").
  auto base = static_cast<std::uint16_t>(std::uniform_int_distribution<int>(200, 599)(rng) * 100);
  std::uniform_int_distribution<int> offset(0, 99);
  auto tcp_port = static_cast<std::uint16_t>(base + offset(rng));
  auto udp_port = static_cast<std::uint16_t>(base + offset(rng));
  state.range_first = base;
  state.range_last = static_cast<std::uint16_t>(base + 99);

  serve::ServeOptions options;
  options.bind = state.host;
  options.bind.set_port(udp_port);
  options.transport = net::Transport::kUdp;
  state.udp_server = std::make_unique<BackgroundServer>(options);
  options.bind.set_port(tcp_port);
  options.transport = net::Transport::kTcp;
  state.tcp_server = std::make_unique<BackgroundServer>(options);

  const auto& udp = state.udp_server->local();
  t.line(fmt::format("UDP upper-case server  serverIP: {}  serverPort: {}", udp.address_string(),
                     udp.port()));
  t.line(fmt::format("TCP upper-case server  serverIP: {}  port: secret, somewhere in {}-{}",
                     state.tcp_server->local().address_string(), state.range_first,
                     state.range_last));
  return true;
}

bool find_tcp_server(LabState& state, Transcript& t) {
  TimePoint start = SteadyClock::instance().now();
  std::vector<std::uint16_t> open;
  int refused = 0;
  int other = 0;
  for (int port = state.range_first; port <= state.range_last; ++port) {
    scan::ProbeOptions probe;
    probe.host = state.host.address_string();
    probe.port = static_cast<std::uint16_t>(port);
    probe.timeout = state.timeout;
    scan::ProbeResult r = scan::probe_tcp(probe);
    if (r.open) {
      open.push_back(probe.port);
      t.line(fmt::format("{}:{} is OPEN", probe.host, port));
    } else if (r.reason == "refused") {
      ++refused;
    } else {
      ++other;
      t.line(fmt::format("{}:{} is CLOSED ({})", probe.host, port, r.reason));
    }
  }
  t.line(fmt::format("probed {} ports in {:.3f} s: {} open, {} closed (refused){}",
                     state.range_last - state.range_first + 1,
                     to_seconds(SteadyClock::instance().now() - start), open.size(), refused,
                     other > 0 ? fmt::format(", {} other", other) : ""));
  show_server_log(*state.tcp_server, t, open.size());  // the probe's handshake shows
  if (open.size() != 1 || open.front() != state.tcp_server->local().port()) {
    t.failed("expected exactly the TCP server's port to be open");
    return false;
  }
  state.found_tcp_port = open.front();
  return true;
}

// One client exchange with a lab server at `port` (the port the client knows, e.g. the
// one the probe found): sends `message`, shows what the server logged, and passes when
// the reply is `expected`.
bool exchange(LabState& state, Transcript& t, BackgroundServer& server, std::uint16_t port,
              const std::string& message, const std::string& expected) {
  serve::SendOptions options;
  options.transport = server.transport();
  options.host = state.host.address_string();
  options.port = port;
  options.message = message;
  options.timeout = state.timeout;
  std::string reply;
  options.on_reply = [&reply](std::string_view bytes) {
    if (reply.size() < 4096) reply.append(bytes);
  };
  t.line(fmt::format("client   sends to {}:{}: {}", options.host, options.port, message));
  serve::SendResult result = serve::send_message(options);
  show_server_log(server, t);
  if (result.outcome != net::Outcome::kOk) {
    t.failed("client: " + serve::describe_failure(result, options));
    return false;
  }
  t.line("client   got reply: " + escape_nonprintable(reply));
  state.replies.push_back(reply);
  if (reply != expected) {
    t.failed("the reply is not '" + escape_nonprintable(expected) + "'");
    return false;
  }
  return true;
}

bool upper_case_exchange(LabState& state, Transcript& t, BackgroundServer& server,
                         std::uint16_t port, const std::string& message) {
  return exchange(state, t, server, port, message, to_upper_ascii(message));
}

// Lab 001's TCP server: whatever arrives, it answers one fixed banner and closes (the
// handout's handle_client()); its client sends a greeting and prints the banner. The
// same exchange is lab 003's banner grab.
bool banner_server(LabState& state, Transcript& t) {
  constexpr const char* kBanner = "lm3nitro server over TCP is working";
  serve::ServeOptions options;
  options.bind = state.host;
  options.bind.set_port(9999);  // the handout's PORT
  options.reply = serve::ReplyText{kBanner};
  state.banner_server = std::make_unique<BackgroundServer>(options);
  const auto& at = state.banner_server->local();
  t.line(fmt::format("server   [*] Listening on {}:{}", at.address_string(), at.port()));
  return exchange(state, t, *state.banner_server, at.port(), "Hello tcp lm3nitro server", kBanner);
}

}  // namespace

std::vector<Step> socket_lab_steps() {
  std::vector<Step> steps = {
      {"A private network", show_interfaces},
      start_capture_step(),
      {"Start the lab's servers", start_servers},
      {"Find the TCP server with a scan of its range (nmap -sS)", scan_for_tcp_server},
      {"Find the TCP server by probing its range", find_tcp_server},
      {"TCP client",
       [](LabState& s, Transcript& t) {
         return upper_case_exchange(s, t, *s.tcp_server, s.found_tcp_port,
                                    "hello from the tcp client");
       }},
      {"UDP client",
       [](LabState& s, Transcript& t) {
         return upper_case_exchange(s, t, *s.udp_server, s.udp_server->local().port(),
                                    "hello from the udp client");
       }},
      {"HTTP GET with a custom User-Agent (lab 001)", http_get_with_user_agent},
      {"The banner server and its client (lab 001; lab 003's banner grab)", banner_server},
      {"Scan results to JSON and CSV, and the activity log (lab 003)", save_scan_outputs},
      {"Communicator: send one message, get the #<<END>># receipt", communicator_exchange},
      chat_lab_step(),
  };
  for (Step& step : finish_capture_steps()) steps.push_back(std::move(step));
  for (Step& step : capture_answer_steps()) steps.push_back(std::move(step));
  for (Step& step : chat_capture_steps()) steps.push_back(std::move(step));
  // After the capture's steps, so its conversations stay the labs' own.
  steps.push_back(
      {"Banners of the lab's servers: banners.csv and a report (lab 003)", grab_lab_banners});
  return steps;
}

LabResult run_socket_lab(LabState& state, Transcript& transcript) {
  if (state.host.family() == 0) {
    in_addr loopback{};
    loopback.s_addr = htonl(INADDR_LOOPBACK);
    state.host = net::Endpoint::ipv4(loopback, 0);
  }
  if (state.seed == 0) state.seed = std::random_device{}();
  LabResult result = run_steps(socket_lab_steps(), state, transcript);
  stop_capture();  // before the lab's files go (a lab stopped early left it running)
  std::unique_ptr<BackgroundServer>* servers[] = {&state.tcp_server, &state.udp_server,
                                                  &state.web_server, &state.banner_server};
  for (auto* server : servers) {
    if (*server) (*server)->request_stop();
  }
  for (auto* server : servers) server->reset();
  return result;
}

}  // namespace sockscope::lab
