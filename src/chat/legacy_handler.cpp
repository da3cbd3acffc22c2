#include "chat/legacy_handler.h"

#include <algorithm>
#include <memory>

#include "core/text.h"

namespace sockscope::chat {

struct LegacyChatHandler::Session {
  explicit Session(const MessageRateOptions& rate_options)
      : rate(rate_options, SteadyClock::instance()) {}
  std::string name;
  bool joined = false;
  std::string carry;  // a UTF-8 character cut by the read, kept for the next one
  MessageRate rate;
  net::EventLoop::TimerId release_timer = 0;
  net::EventLoop::TimerId login_timer = 0;
};

namespace {

// Invalid UTF-8 replaced by U+FFFD: the lab's peers decode every message and drop the
// connection (server) or die (client thread) on a byte that does not decode.
std::string valid_text(std::string_view text) {
  if (valid_utf8(text)) return std::string(text);
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = utf8_sequence_at(text, i);
    if (len == 0) {
      out += "\xef\xbf\xbd";
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

}  // namespace

std::shared_ptr<LegacyChatHandler::Session> LegacyChatHandler::session_of(net::Connection& c) {
  return std::any_cast<std::shared_ptr<Session>>(c.context());
}

LegacyChatHandler::LegacyChatHandler(LegacyRoomOptions options, net::EventLoop& loop, Log log)
    : options_(options), loop_(loop), log_(std::move(log)) {}

net::Connection* LegacyChatHandler::find_live(const Ref& ref) const {
  auto it = live_.find(ref.connection);
  return it != live_.end() && it->second == ref.id ? ref.connection : nullptr;
}

void LegacyChatHandler::on_open(net::Connection& c) {
  auto session = std::make_shared<Session>(options_.rate);
  c.context() = session;
  Ref ref{&c, next_id_++};
  live_[&c] = ref.id;
  session->login_timer = loop_.run_after(options_.login_timeout, [this, ref] {
    net::Connection* conn = find_live(ref);
    if (!conn || conn->closed()) return;
    auto s = session_of(*conn);
    s->login_timer = 0;
    if (s->joined) return;
    log_("chat: " + conn->peer().to_string() + " sent no name in time; closed");
    conn->close("no name in time");
  });
}

void LegacyChatHandler::on_data(net::Connection& c, std::span<char> bytes) {
  if (c.finishing() || c.closed()) return;
  auto session = session_of(c);
  std::string joined;
  std::string_view data(bytes.data(), bytes.size());
  if (!session->carry.empty()) {
    joined = std::move(session->carry);
    session->carry.clear();
    joined.append(data);
    data = joined;
  }
  while (!data.empty() && !c.closed() && !c.finishing()) {
    std::size_t n = legacy_cut(data, kLegacyChunkBytes);
    if (n == 0) {  // only the start of a character so far
      session->carry.assign(data);
      return;
    }
    on_chunk(c, *session, data.substr(0, n));
    data.remove_prefix(n);
  }
}

void LegacyChatHandler::on_chunk(net::Connection& c, Session& s, std::string_view chunk) {
  if (!s.joined) {
    join(c, s, chunk);
    return;
  }
  std::string text = valid_text(chunk);
  switch (s.rate.offer(text)) {
    case MessageRate::Verdict::kSend:
      relay(c, s.name, text);
      break;
    case MessageRate::Verdict::kHeld:
      schedule_release(c, s);
      break;
    case MessageRate::Verdict::kDropped:
      if (s.rate.take_notice()) {
        c.send(encode_legacy_relay(
            "server", "slow down: messages dropped (at most " +
                          std::to_string(static_cast<long long>(options_.rate.per_second)) +
                          " a second)"));
        log_("chat: " + s.name + " is over the message rate; dropping");
      }
      break;
  }
}

void LegacyChatHandler::join(net::Connection& c, Session& s, std::string_view chunk) {
  std::string_view name = chunk;
  while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.remove_suffix(1);
  std::string problem = legacy_name_problem(name);
  bool taken =
      std::any_of(users_.begin(), users_.end(), [&](const auto& u) { return u.first == name; });
  if (problem.empty() && taken) problem = "the name is in use";
  if (!problem.empty()) {
    // The lab's protocol has no error message: a relayed line from "server", then close.
    c.send(encode_legacy_relay("server", problem));
    c.finish();
    log_("chat: " + c.peer().to_string() + " refused: " + problem);
    return;
  }
  s.name = std::string(name);
  s.joined = true;
  if (s.login_timer != 0) loop_.cancel(s.login_timer);
  s.login_timer = 0;
  users_.emplace_back(s.name, &c);
  broadcast_presence();
  log_("chat: " + s.name + " joined from " + c.peer().to_string() + " (legacy)");
}

void LegacyChatHandler::relay(net::Connection& from, const std::string& name,
                              const std::string& text) {
  std::string line = encode_legacy_relay(name, text);
  for (const auto& [user, conn] : users_) {
    if (conn != &from) conn->send(line);
  }
}

void LegacyChatHandler::schedule_release(net::Connection& c, Session& s) {
  if (s.release_timer != 0) return;
  Ref ref{&c, live_.at(&c)};
  s.release_timer = loop_.run_after(s.rate.until_release(), [this, ref] {
    net::Connection* conn = find_live(ref);
    if (!conn) return;
    auto session = session_of(*conn);
    session->release_timer = 0;
    if (conn->closed() || conn->finishing() || !session->joined) return;
    session->rate.release([&](const std::string& text) { relay(*conn, session->name, text); });
    if (session->rate.holding()) schedule_release(*conn, *session);
  });
}

void LegacyChatHandler::broadcast_presence() {
  LegacyUsers users;
  users.reserve(users_.size());
  for (const auto& [name, conn] : users_) users.emplace_back(name, conn->peer().address_string());
  std::string message = encode_legacy_presence(users);
  for (const auto& [name, conn] : users_) conn->send(message);
}

void LegacyChatHandler::on_close(net::Connection& c, net::CloseCause, std::string_view reason) {
  live_.erase(&c);
  auto s = session_of(c);
  if (s->login_timer != 0) loop_.cancel(s->login_timer);
  if (s->release_timer != 0) loop_.cancel(s->release_timer);
  s->login_timer = s->release_timer = 0;
  if (!s->joined) return;
  s->joined = false;
  auto it =
      std::find_if(users_.begin(), users_.end(), [&](const auto& u) { return u.second == &c; });
  if (it == users_.end()) return;
  users_.erase(it);
  broadcast_presence();
  log_("chat: " + s->name + " left (" + std::string(reason) + ")");
}

void LegacyChatHandler::on_overflow(net::Connection& c) {
  log_("chat: " + c.peer().to_string() + " disconnected: it does not read fast enough");
}

void LegacyChatHandler::shutdown() {
  for (const auto& [name, conn] : users_) conn->finish();
}

}  // namespace sockscope::chat
