#include "chat/chat_client.h"
#include "chat/client_sockets.h"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <utility>

#include "chat/line_input.h"
#include "chat/protocol.h"
#include "core/error.h"
#include "core/text.h"
#include "net/address.h"
#include "net/fd.h"
#include "net/line_framer.h"
#include "net/socket_ops.h"
#include "net/tls_stream.h"

namespace sockscope::chat {
namespace {

using nlohmann::json;

// Server frames may carry a whole presence list or history: allow far more than the
// server allows a client.
constexpr std::size_t kMaxServerFrame = 4 * 1024 * 1024;

std::string shown(std::string_view text) {
  return printable_utf8(text, LineBreaks::kEscape);
}

int remaining_ms(TimePoint deadline) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - SteadyClock::instance().now())
                  .count();
  return left <= 0 ? 0 : static_cast<int>(left);
}

bool is_loopback(const net::Endpoint& e) {
  std::string a = e.address_string();
  return a.rfind("127.", 0) == 0 || a == "::1";
}

class Client {
 public:
  Client(const ChatClientOptions& options, const ChatClientOutput& output)
      : options_(options), output_(output) {}

  ClientEnd run(LineInput& input);

 private:
  struct Peer {
    std::string address;
    std::uint16_t udp_port = 0;
  };

  void send_frame(const std::string& frame);
  // One read from the server: bytes, 0 at its close, -1 with errno EAGAIN when nothing
  // is there yet, or -1 with another errno (TLS failures are reported and end the client).
  ssize_t receive(char* buf, std::size_t size);
  void on_frame(std::string_view line);
  void on_input_line(std::string_view line);
  void on_datagram();
  void direct(std::string_view line);
  void list_online();

  const ChatClientOptions& options_;
  const ChatClientOutput& output_;
  net::UniqueFd tcp_;
  std::unique_ptr<net::TlsStream> tls_;  // --tls: every byte to the server goes through it
  net::UniqueFd udp_;
  int family_ = AF_INET;
  std::map<std::string, Peer> online_;
  bool logged_in_ = false;
  // The server sends the full presence list right after "ok". Commands wait for it (or
  // for roster_by_), so a piped "#ls" just after login lists everyone, whatever the
  // segmentation or the server's speed.
  bool roster_ = false;
  TimePoint roster_by_{};
  bool leaving_ = false;  // we sent bye: the server's close is the normal end
  std::optional<ClientEnd> end_;
};

ssize_t Client::receive(char* buf, std::size_t size) {
  if (!tls_) return ::recv(tcp_.get(), buf, size, 0);
  net::IoResult r = tls_->read(std::span<char>(buf, size), SteadyClock::instance().now());
  if (r.outcome == net::Outcome::kOk) return static_cast<ssize_t>(r.bytes);
  if (r.outcome == net::Outcome::kClosed) return 0;
  if (r.outcome == net::Outcome::kTimeout || r.outcome == net::Outcome::kInterrupted) {
    errno = EAGAIN;  // a partial record, or a handshake message: nothing for us yet
    return -1;
  }
  if (!end_) output_.notice("sockscope: TLS: " + r.error);
  errno = EIO;
  return -1;
}

void Client::send_frame(const std::string& frame) {
  if (tls_) {
    net::IoResult r =
        tls_->write_all(frame, SteadyClock::instance().now() + std::chrono::seconds(5));
    if (r.outcome != net::Outcome::kOk && !end_) {
      output_.notice("sockscope: lost the connection to the server");
      end_ = ClientEnd::kLost;
    }
    return;
  }
  // Frames are small and the server reads them promptly; a blocking write keeps order.
  std::string_view rest = frame;
  while (!rest.empty()) {
    ssize_t n = ::send(tcp_.get(), rest.data(), rest.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EAGAIN) {
      pollfd p{tcp_.get(), POLLOUT, 0};
      ::poll(&p, 1, 1000);
      continue;
    }
    if (n <= 0) {
      if (!end_) {
        output_.notice("sockscope: lost the connection to the server");
        end_ = ClientEnd::kLost;
      }
      return;
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
}

void Client::on_frame(std::string_view line) {
  json j = json::parse(line.data(), line.data() + line.size(), nullptr, false);
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string()) return;  // ignore noise
  std::string type = j["type"];
  auto str = [&j](const char* key, const json& from) -> std::string {
    (void)j;
    auto it = from.find(key);
    return it != from.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto add_peer = [this, &str](const json& e) {
    if (!e.is_object()) return std::string();
    std::string name = str("user", e);
    Peer p{str("address", e), 0};
    if (auto it = e.find("udp_port"); it != e.end() && it->is_number_unsigned()) {
      p.udp_port = static_cast<std::uint16_t>(it->get<unsigned>() & 0xffffu);
    }
    online_[name] = p;
    return name;
  };
  if (type == "ok") {
    logged_in_ = true;
    roster_by_ = SteadyClock::instance().now() + std::chrono::seconds(2);
    output_.out("* logged in as " + shown(str("user", j)));
  } else if (type == "error") {
    std::string code = str("code", j);
    std::string message = shown(str("message", j));
    if (!logged_in_) {
      output_.notice("sockscope: login refused: " + message + " (" + shown(code) + ")");
      end_ = ClientEnd::kRefused;
    } else {
      output_.notice("sockscope: server: " + message + " (" + shown(code) + ")");
    }
  } else if (type == "presence") {
    std::string event = str("event", j);
    if (event == "full" && j.contains("users") && j["users"].is_array()) {
      roster_ = true;
      online_.clear();
      for (const auto& e : j["users"]) add_peer(e);
    } else if (event == "join" && j.contains("user")) {
      std::string name = add_peer(j["user"]);
      output_.out("* " + shown(name) + " joined");
    } else if (event == "leave" && j.contains("user") && j["user"].is_object()) {
      std::string name = str("user", j["user"]);
      online_.erase(name);
      output_.out("* " + shown(name) + " left");
    }
  } else if (type == "message") {
    output_.out(shown(str("from", j)) + ": " + shown(str("text", j)));
  } else if (type == "history" && j.contains("messages") && j["messages"].is_array()) {
    for (const auto& m : j["messages"]) {
      if (m.is_object())
        output_.out("[history] " + shown(str("from", m)) + ": " + shown(str("text", m)));
    }
  } else if (type == "bye") {
    std::string reason = str("reason", j);
    if (!leaving_) {
      output_.notice("sockscope: the server closed the session: " + shown(str("message", j)));
      if (!end_) end_ = logged_in_ ? ClientEnd::kLost : ClientEnd::kRefused;
    }
  }
}

void Client::list_online() {
  // Appended piece by piece (GCC 12 warns falsely on chains of operator+ here).
  std::string line = "online (";
  line.append(std::to_string(online_.size())).append("):");
  for (const auto& [name, peer] : online_) {
    line.append(" ").append(shown(name)).append("@").append(peer.address);
    line.append(":").append(std::to_string(peer.udp_port));
  }
  output_.out(line);
}

void Client::direct(std::string_view line) {
  // "@user: text"
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon < 2) {
    output_.notice("sockscope: a direct message is '@user: text'");
    return;
  }
  std::string name(line.substr(1, colon - 1));
  std::string_view text = line.substr(colon + 1);
  if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  auto it = online_.find(name);
  if (it == online_.end()) {
    output_.notice("sockscope: no user '" + shown(name) + "' on line");
    return;
  }
  if (it->second.udp_port == 0) {
    output_.notice("sockscope: " + shown(name) + " takes no direct messages");
    return;
  }
  auto to = net::parse_ip_literal(it->second.address, it->second.udp_port);
  if (!to) return;
  if (text.size() > kMaxTextBytes) {
    output_.notice("sockscope: a message is at most " + std::to_string(kMaxTextBytes) + " bytes");
    return;
  }
  if (::sendto(udp_.get(), text.data(), text.size(), 0, to->sockaddr_ptr(), to->length()) < 0) {
    output_.notice("sockscope: cannot send to " + shown(name) + ": " + std::strerror(errno));
  }
}

void Client::on_input_line(std::string_view line) {
  if (line.empty()) return;
  if (line == "#quit") {
    leaving_ = true;
    send_frame(encode_client_bye());
    if (!end_) end_ = ClientEnd::kLeft;
    return;
  }
  if (line == "#ls") {
    list_online();
    return;
  }
  if (line.front() == '@') {
    direct(line);
    return;
  }
  if (line.size() > kMaxTextBytes) {
    output_.notice("sockscope: a message is at most " + std::to_string(kMaxTextBytes) + " bytes");
    return;
  }
  // Escaping (quotes, control characters as \u00XX) can make a frame of a short text
  // pass the server's frame limit, which would cost us the connection.
  std::string frame = encode_say(line);
  if (frame.size() - 1 > kMaxFrameBytes) {
    output_.notice("sockscope: that message is too long once encoded (" +
                   std::to_string(frame.size() - 1) + " of at most " +
                   std::to_string(kMaxFrameBytes) + " bytes); not sent");
    return;
  }
  send_frame(frame);
}

void Client::on_datagram() {
  char buf[65536];
  sockaddr_storage from{};
  socklen_t len = sizeof(from);
  ssize_t n = ::recvfrom(udp_.get(), buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&from), &len);
  if (n < 0) return;
  auto sender = net::Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&from), len);
  std::string name;
  for (const auto& [user, peer] : online_) {
    if (peer.address == sender.address_string() && peer.udp_port == sender.port()) name = user;
  }
  std::string text(buf, static_cast<std::size_t>(n));
  if (name.empty()) {
    output_.out("[direct] Non-registered (" + sender.to_string() + "): " + shown(text));
  } else {
    output_.out("[direct] " + shown(name) + ": " + shown(text));
  }
}

ClientEnd Client::run(LineInput& input) {
  ClientSockets sockets = open_client_sockets(options_.host, options_.port, options_.bind,
                                              options_.udp_port, /*share_udp_port=*/false);
  const net::Endpoint to = sockets.to;
  family_ = to.family();
  std::uint16_t udp_port = net::local_endpoint(sockets.udp.get()).port();
  std::string unreachable;
  tcp_ = connect_client(sockets, options_.connect_timeout, unreachable);
  udp_ = std::move(sockets.udp);
  if (!tcp_) {
    output_.notice(unreachable);
    return ClientEnd::kLost;
  }
  if (options_.tls) {
    net::IoResult failure;
    tls_ = net::TlsStream::handshake(tcp_.get(), {options_.host, options_.verify},
                                     SteadyClock::instance().now() + options_.connect_timeout,
                                     failure);
    if (!tls_) {
      output_.notice("sockscope: TLS handshake with " + to.to_string() + " failed: " +
                     (failure.error.empty() ? std::string(net::outcome_word(failure.outcome))
                                            : failure.error));
      return ClientEnd::kLost;
    }
  }
  if (options_.password && !tls_ && !is_loopback(to)) {
    output_.notice("sockscope: warning: sending the password without TLS to " +
                   to.address_string());
  }
  send_frame(options_.register_first
                 ? encode_register(options_.user, options_.password.value_or(""), udp_port)
                 : encode_login(options_.user, options_.password, udp_port));

  net::LineFramer framer(kMaxServerFrame);
  bool input_open = true;
  TimePoint login_deadline = SteadyClock::instance().now() + options_.login_timeout;
  std::optional<TimePoint> drain_until;  // stdin ended: leave at this time
  std::optional<TimePoint> quit_until;   // bye sent: wait this long for the server's close
  while (true) {
    if (end_ && *end_ != ClientEnd::kLeft) return *end_;
    if (end_ == ClientEnd::kLeft && !quit_until) {
      quit_until = SteadyClock::instance().now() + options_.drain;
    }
    TimePoint now = SteadyClock::instance().now();
    if (quit_until && now >= *quit_until) return ClientEnd::kLeft;
    if (drain_until && now >= *drain_until && !leaving_) {
      on_input_line("#quit");
      continue;
    }
    if (!logged_in_ && now >= login_deadline) {
      output_.notice("sockscope: no answer to the login from the server");
      return ClientEnd::kLost;
    }
    pollfd fds[3] = {{tcp_.get(), POLLIN, 0}, {udp_.get(), POLLIN, 0}, {input.fd(), POLLIN, 0}};
    const bool ready = logged_in_ && (roster_ || now >= roster_by_);
    nfds_t count = ready && input_open && !leaving_ ? 3 : 2;
    int wait = quit_until    ? remaining_ms(*quit_until)
               : drain_until ? remaining_ms(*drain_until)
               : !logged_in_ ? remaining_ms(login_deadline)
               : !ready      ? remaining_ms(roster_by_)
                             : -1;
    int n = ::poll(fds, count, wait);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw system_error("poll", errno);
    }
    if (fds[0].revents != 0) {
      char buf[65536];
      ssize_t got = receive(buf, sizeof(buf));
      if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (got <= 0) {
        if (leaving_) return ClientEnd::kLeft;
        if (!end_) output_.notice("sockscope: the server closed the connection");
        return end_ && *end_ == ClientEnd::kRefused ? ClientEnd::kRefused : ClientEnd::kLost;
      }
      auto status = framer.feed(std::string_view(buf, static_cast<std::size_t>(got)),
                                [this](std::string_view line) { on_frame(line); });
      if (status == net::LineFramer::Status::kTooLong) {
        output_.notice("sockscope: the server sent a frame too long to read");
        return ClientEnd::kLost;
      }
    }
    if (fds[1].revents != 0) on_datagram();
    if (count == 3 && fds[2].revents != 0) {
      if (!input.read([this](std::string_view line) {
            if (!leaving_) on_input_line(line);
          })) {
        input_open = false;
        drain_until = SteadyClock::instance().now() + options_.drain;
      }
    }
  }
}

}  // namespace

ClientEnd run_chat_client(const ChatClientOptions& options, LineInput& input,
                          const ChatClientOutput& output) {
  if (options.legacy) return run_legacy_client(options, input, output);
  Client client(options, output);
  return client.run(input);
}

ClientEnd run_chat_client(const ChatClientOptions& options, int input_fd,
                          const ChatClientOutput& output) {
  auto input = make_pipe_input(input_fd, kMaxFrameBytes, output.notice);
  return run_chat_client(options, *input, output);
}

}  // namespace sockscope::chat
