// `chat client --legacy`: the lab's client protocol (chat/legacy_protocol.h) over the
// same commands and output lines as the JSON client (chat/chat_client.h).
#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <optional>

#include "chat/chat_client.h"
#include "chat/client_sockets.h"
#include "chat/legacy_protocol.h"
#include "chat/line_input.h"
#include "core/error.h"
#include "core/text.h"
#include "net/address.h"
#include "net/fd.h"
#include "net/socket_ops.h"

namespace sockscope::chat {
namespace {

// Room messages leave at least this far apart, so that the lab's server, which takes
// whatever one recv(1024) returns as one message, sees them one by one.
constexpr auto kLegacySpacing = std::chrono::milliseconds(50);

std::string shown(std::string_view text) {
  return printable_utf8(text, LineBreaks::kEscape);
}

int ms_until(TimePoint t) {
  auto left =
      std::chrono::ceil<std::chrono::milliseconds>(t - SteadyClock::instance().now()).count();
  return left <= 0 ? 0 : static_cast<int>(left);
}

class LegacyClient {
 public:
  LegacyClient(const ChatClientOptions& options, const ChatClientOutput& output)
      : options_(options), output_(output) {}
  ClientEnd run(LineInput& input);

 private:
  void connect();
  void on_presence(LegacyUsers users);
  void on_text(std::string_view text);
  void on_input_line(std::string_view line);
  void direct(std::string_view line);
  void on_datagram();
  void flush_room();
  bool send_all(std::string_view bytes);

  const ChatClientOptions& options_;
  const ChatClientOutput& output_;
  net::UniqueFd tcp_;
  net::UniqueFd udp_;
  LegacyUsers online_;
  bool joined_ = false;
  bool leaving_ = false;
  std::deque<std::string> room_out_;  // waiting for their spacing
  TimePoint next_room_send_{};
  std::optional<ClientEnd> end_;
};

void LegacyClient::connect() {
  // The lab binds its UDP socket to the same port number on every client (SO_REUSEADDR).
  ClientSockets sockets = open_client_sockets(options_.host, options_.port, options_.bind,
                                              options_.udp_port, /*share_udp_port=*/true);
  std::string failure;
  tcp_ = connect_client(sockets, options_.connect_timeout, failure);
  udp_ = std::move(sockets.udp);
  if (!tcp_) output_.notice(failure);
}

bool LegacyClient::send_all(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(tcp_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      pollfd p{tcp_.get(), POLLOUT, 0};
      ::poll(&p, 1, 1000);
      continue;
    }
    if (n <= 0) {
      if (!end_) output_.notice("sockscope: lost the connection to the server");
      if (!end_) end_ = ClientEnd::kLost;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void LegacyClient::on_presence(LegacyUsers users) {
  auto has = [](const LegacyUsers& list, const std::string& name) {
    return std::any_of(list.begin(), list.end(), [&](const auto& u) { return u.first == name; });
  };
  if (!joined_) {
    if (!has(users, options_.user)) {
      online_ = std::move(users);
      return;
    }
    joined_ = true;
    online_ = std::move(users);
    output_.out("* logged in as " + shown(options_.user));
    return;
  }
  for (const auto& [name, address] : users) {
    if (!has(online_, name)) output_.out("* " + shown(name) + " joined");
  }
  for (const auto& [name, address] : online_) {
    if (!has(users, name)) output_.out("* " + shown(name) + " left");
  }
  online_ = std::move(users);
}

void LegacyClient::on_text(std::string_view text) {
  // Relayed as "name: msg ": one line per read (or per line of it), without the lab's
  // trailing space. Glued messages stay glued: the protocol has no boundaries.
  if (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) {
      if (joined_) {
        output_.out(shown(line));
      } else {
        output_.notice("sockscope: server: " + shown(line));
      }
    }
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

void LegacyClient::direct(std::string_view line) {
  // The lab's parse: "@user: msg", the name stripped, the text after the first ':' as is.
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    output_.notice("sockscope: a direct message is '@user: text'");
    return;
  }
  std::string_view name = line.substr(1, colon - 1);
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  std::string_view text = line.substr(colon + 1);
  auto it =
      std::find_if(online_.begin(), online_.end(), [&](const auto& u) { return u.first == name; });
  if (it == online_.end()) {
    output_.notice("sockscope: " + shown(name) + " is not registered");
    return;
  }
  if (text.size() > kLegacyChunkBytes) {
    output_.notice("sockscope: a legacy message is at most " + std::to_string(kLegacyChunkBytes) +
                   " bytes");
    return;
  }
  auto to = net::parse_ip_literal(it->second, options_.udp_port);
  if (!to) {
    output_.notice("sockscope: " + shown(name) + " has no usable address (" + shown(it->second) +
                   ")");
    return;
  }
  if (::sendto(udp_.get(), text.data(), text.size(), 0, to->sockaddr_ptr(), to->length()) < 0) {
    output_.notice("sockscope: cannot send to " + shown(name) + ": " + std::strerror(errno));
  }
}

void LegacyClient::on_datagram() {
  char buf[65536];
  sockaddr_storage from{};
  socklen_t len = sizeof from;
  ssize_t n = ::recvfrom(udp_.get(), buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
  if (n < 0) return;
  auto sender = net::Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&from), len);
  std::string_view text(buf, static_cast<std::size_t>(n));
  if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  // The lab names the sender by its IP address alone: the first user with that address.
  auto it = std::find_if(online_.begin(), online_.end(),
                         [&](const auto& u) { return u.second == sender.address_string(); });
  if (it == online_.end()) {
    output_.out("[direct] Non-registered (" + sender.to_string() + "): " + shown(text));
  } else {
    output_.out("[direct] " + shown(it->first) + ": " + shown(text));
  }
}

void LegacyClient::on_input_line(std::string_view line) {
  if (line.empty() || leaving_) return;
  if (line == "#quit") {
    leaving_ = true;
    return;
  }
  if (line == "#ls") {
    std::string out = "online (";
    out.append(std::to_string(online_.size())).append("):");
    for (const auto& [name, address] : online_) {
      out.append(" ").append(shown(name)).append("@").append(shown(address));
    }
    output_.out(out);
    return;
  }
  if (line.front() == '@') {
    direct(line);
    return;
  }
  if (line.size() > kLegacyChunkBytes) {
    output_.notice("sockscope: a legacy message is at most " + std::to_string(kLegacyChunkBytes) +
                   " bytes");
    return;
  }
  room_out_.emplace_back(line);
}

void LegacyClient::flush_room() {
  TimePoint now = SteadyClock::instance().now();
  if (room_out_.empty() || now < next_room_send_) return;
  std::string text = std::move(room_out_.front());
  room_out_.pop_front();
  if (send_all(text)) next_room_send_ = now + kLegacySpacing;
}

ClientEnd LegacyClient::run(LineInput& input) {
  connect();
  if (!tcp_) return ClientEnd::kLost;
  // The name is the first message; nothing else goes out until the server's presence
  // list names us, so the name never merges with a first room message.
  if (!send_all(options_.user)) return ClientEnd::kLost;
  LegacyReader reader;
  bool input_open = true;
  TimePoint login_deadline = SteadyClock::instance().now() + options_.login_timeout;
  std::optional<TimePoint> drain_until;
  while (true) {
    if (end_) return *end_;
    TimePoint now = SteadyClock::instance().now();
    if (leaving_ && room_out_.empty()) return ClientEnd::kLeft;  // closing is the goodbye
    if (drain_until && now >= *drain_until && room_out_.empty()) return ClientEnd::kLeft;
    if (!joined_ && now >= login_deadline) {
      output_.notice("sockscope: the server never listed us as on line");
      return ClientEnd::kLost;
    }
    flush_room();
    if (end_) return *end_;
    pollfd fds[3] = {{tcp_.get(), POLLIN, 0}, {udp_.get(), POLLIN, 0}, {input.fd(), POLLIN, 0}};
    nfds_t count = joined_ && input_open && !leaving_ ? 3 : 2;
    int wait = -1;
    if (!room_out_.empty()) wait = ms_until(next_room_send_);
    if (drain_until)
      wait = wait < 0 ? ms_until(*drain_until) : std::min(wait, ms_until(*drain_until));
    if (!joined_) wait = ms_until(login_deadline);
    int n = ::poll(fds, count, wait);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw system_error("poll", errno);
    }
    if (fds[0].revents != 0) {
      char buf[65536];
      ssize_t got = ::recv(tcp_.get(), buf, sizeof buf, 0);
      if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (got <= 0) {
        if (!joined_) {
          output_.notice("sockscope: the server closed the connection before listing us");
          return ClientEnd::kRefused;
        }
        output_.notice("sockscope: the server closed the connection");
        return ClientEnd::kLost;
      }
      reader.feed(
          std::string_view(buf, static_cast<std::size_t>(got)),
          [this](LegacyUsers users) { on_presence(std::move(users)); },
          [this](std::string_view text) { on_text(text); });
    }
    if (fds[1].revents != 0) on_datagram();
    if (count == 3 && fds[2].revents != 0) {
      if (!input.read([this](std::string_view line) { on_input_line(line); })) {
        input_open = false;
        drain_until = SteadyClock::instance().now() + options_.drain;
      }
    }
  }
}

}  // namespace

ClientEnd run_legacy_client(const ChatClientOptions& options, LineInput& input,
                            const ChatClientOutput& output) {
  LegacyClient client(options, output);
  return client.run(input);
}

}  // namespace sockscope::chat
