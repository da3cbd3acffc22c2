#include "chat/chat_handler.h"

#include <chrono>
#include <utility>
#include <variant>
#include <vector>

#include "net/line_framer.h"

namespace sockscope::chat {

struct ChatHandler::Session {
  explicit Session(const MessageRateOptions& rate_options)
      : rate(rate_options, SteadyClock::instance()) {}
  net::LineFramer framer{kMaxFrameBytes};
  MessageRate rate;
  net::EventLoop::TimerId release_timer = 0;
  net::EventLoop::TimerId login_timer = 0;
  std::string user;  // set once logged in
  bool logged_in = false;
  bool pending = false;  // a register/login is with the AuthWorker
  std::size_t errors = 0;
  std::uint16_t udp_port = 0;
  std::string presence;  // this user's presence entry, encoded once at login
};

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

ChatHandler::ChatHandler(ChatRoomOptions options, AuthWorker* auth, net::EventLoop& loop, Log log)
    : options_(options), auth_(auth), loop_(loop), log_(std::move(log)), room_(loop) {}

void ChatHandler::on_open(net::Connection& c) {
  c.context() = std::make_shared<Session>(options_.rate);
  live_[&c] = next_connection_id_;
  watch_login({&c, next_connection_id_++});
}

void ChatHandler::watch_login(ConnectionRef ref) {
  auto session = std::any_cast<std::shared_ptr<Session>>(ref.connection->context());
  session->login_timer = loop_.run_after(options_.login_timeout, [this, ref] {
    net::Connection* c = find_live(ref);
    if (!c || c->closed()) return;
    auto s = std::any_cast<std::shared_ptr<Session>>(c->context());
    s->login_timer = 0;
    if (s->logged_in || c->finishing()) return;
    if (s->pending) {  // a back-off wait or the hasher: give it another period
      watch_login(ref);
      return;
    }
    c->send(encode_error(code::kLoginTimeout, "no login in time; closing"));
    c->send(encode_bye("timeout", "no login in time"));
    // Closed, not finished: a silent peer would never close its side.
    c->close("no login in time");
  });
}

net::Connection* ChatHandler::find_live(const ConnectionRef& ref) const {
  auto it = live_.find(ref.connection);
  if (it == live_.end() || it->second != ref.id) return nullptr;
  return ref.connection;
}

void ChatHandler::on_data(net::Connection& c, std::span<char> bytes) {
  if (c.finishing() || c.closed()) return;  // told to go: drain quietly
  auto session = std::any_cast<std::shared_ptr<Session>>(c.context());
  auto status = session->framer.feed(std::string_view(bytes.data(), bytes.size()),
                                     [&](std::string_view line) {
                                       if (!c.finishing() && !c.closed())
                                         on_line(c, *session, line);
                                     });
  if (status == net::LineFramer::Status::kTooLong && !c.finishing() && !c.closed()) {
    reject(c, *session, code::kTooLong,
           "a frame is at most " + std::to_string(kMaxFrameBytes) + " bytes", true);
  }
}

void ChatHandler::on_line(net::Connection& c, Session& s, std::string_view line) {
  if (line.empty()) return;  // a blank line is no frame (keeps `nc` sessions friendly)
  auto parsed = parse_client_frame(line);
  if (auto* error = std::get_if<FrameError>(&parsed)) {
    reject(c, s, error->code, error->message);
    return;
  }
  on_frame(c, s, std::get<ClientFrame>(parsed));
}

void ChatHandler::on_frame(net::Connection& c, Session& s, const ClientFrame& frame) {
  if (std::holds_alternative<ByeFrame>(frame)) {
    send_direct(c, encode_bye("goodbye", "see you"));
    c.finish();
    return;
  }
  if (const auto* say_frame = std::get_if<SayFrame>(&frame)) {
    if (!s.logged_in) {
      reject(c, s, code::kNotLoggedIn, "log in first");
      return;
    }
    say(c, s, say_frame->text);
    return;
  }
  if (s.logged_in || s.pending) {
    reject(c, s, code::kAlreadyLoggedIn,
           s.pending ? "a login is being checked" : "already logged in");
    return;
  }
  const bool is_register = std::holds_alternative<RegisterFrame>(frame);
  const std::string& user =
      is_register ? std::get<RegisterFrame>(frame).user : std::get<LoginFrame>(frame).user;
  std::uint16_t udp_port =
      is_register ? std::get<RegisterFrame>(frame).udp_port : std::get<LoginFrame>(frame).udp_port;
  if (std::string problem = username_problem(user); !problem.empty()) {
    reject(c, s, code::kBadUsername, problem);
    return;
  }
  if (auth_ == nullptr) {
    if (is_register) {
      reject(c, s, code::kAuthOff, "this server takes names without accounts: log in");
      return;
    }
    if (online_.count(user) != 0) {
      reject(c, s, code::kNameInUse, "that name is on line");
      return;
    }
    s.user = user;
    s.udp_port = udp_port;
    complete_login(c, s, "login");
    return;
  }
  if (is_register) {
    const std::string& password = std::get<RegisterFrame>(frame).password;
    if (std::string problem = password_problem(password); !problem.empty()) {
      reject(c, s, code::kBadPassword, problem);
      return;
    }
    start_auth(c, s, AuthWorker::Job::kRegister, user, password, udp_port);
    return;
  }
  const auto& password = std::get<LoginFrame>(frame).password;
  if (!password || password->empty() || password->size() > kMaxPasswordBytes) {
    // The same answer as a wrong password: nothing tells which part was wrong.
    reject(c, s, code::kLoginFailed, "wrong user name or password");
    return;
  }
  start_auth(c, s, AuthWorker::Job::kLogin, user, *password, udp_port);
}

void ChatHandler::start_auth(net::Connection& c, Session& s, AuthWorker::Job job,
                             const std::string& user, const std::string& password,
                             std::uint16_t udp_port) {
  s.pending = true;
  ConnectionRef weak{&c, live_.at(&c)};
  // Failed logins back off per address and per account (LoginThrottle): the attempt
  // waits on the loop, never on the worker, so the hasher only sees spaced-out work.
  TimePoint at = throttle_.schedule(c.peer().address_string(), user);
  TimePoint now = SteadyClock::instance().now();
  if (at <= now) {
    submit_auth(weak, job, user, password, udp_port);
    return;
  }
  loop_.run_after(at - now, [this, weak, job, user, password, udp_port] {
    submit_auth(weak, job, user, password, udp_port);
  });
}

void ChatHandler::submit_auth(ConnectionRef weak, AuthWorker::Job job, const std::string& user,
                              const std::string& password, std::uint16_t udp_port) {
  net::Connection* c = find_live(weak);
  if (!c || c->closed() || c->finishing()) return;
  bool registering = job == AuthWorker::Job::kRegister;
  std::string address = c->peer().address_string();
  auto done = [this, weak, user, udp_port, registering, address](AuthResult result) {
    if (result == AuthResult::kDenied) throttle_.failed(address, user);
    if (result == AuthResult::kOk) throttle_.succeeded(user);
    net::Connection* conn = find_live(weak);
    if (!conn || conn->closed() || conn->finishing()) return;
    auto session = std::any_cast<std::shared_ptr<Session>>(conn->context());
    session->pending = false;
    switch (result) {
      case AuthResult::kOk:
        session->user = user;
        session->udp_port = udp_port;
        complete_login(*conn, *session, registering ? "register" : "login");
        break;
      case AuthResult::kUserExists:
        reject(*conn, *session, code::kUserExists, "that user name is taken");
        break;
      case AuthResult::kDenied:
        reject(*conn, *session, code::kLoginFailed, "wrong user name or password");
        break;
      case AuthResult::kError:
        log_("chat: the user store failed for a " +
             std::string(registering ? "registration" : "login"));
        reject(*conn, *session, code::kBusy, "the server could not check this now; try later");
        break;
    }
  };
  if (!auth_->submit(job, user, password, std::move(done))) {
    std::any_cast<std::shared_ptr<Session>>(c->context())->pending = false;
    c->send(encode_error(code::kBusy, "too many logins waiting; try again shortly"));
  }
}

void ChatHandler::complete_login(net::Connection& c, Session& s, std::string_view op) {
  if (auto old = online_.find(s.user); old != online_.end()) {
    // The newer login wins: the older session is told, then closed (docs/chat-protocol.md).
    auto older = old->second;
    online_.erase(old);
    room_.remove(*older);  // what the room sent it so far, then nothing more
    auto older_session = std::any_cast<std::shared_ptr<Session>>(older->context());
    older_session->logged_in = false;
    older->send(encode_bye("replaced", "you logged in from another connection"));
    older->finish();
    broadcast(encode_presence_leave(s.user), nullptr);
  }
  s.logged_in = true;
  s.errors = 0;
  if (s.login_timer != 0) loop_.cancel(s.login_timer);
  s.login_timer = 0;
  c.send(encode_ok(op, s.user));
  PresenceEntry me = entry_of(c, s);
  broadcast(encode_presence_join(me), nullptr);  // before it joins: not to itself
  online_.emplace(s.user, &c);
  relay_presence(true, me);
  s.presence = encode_presence_entry(me);
  std::vector<std::string> remote;
  for (const auto& entry : remote_entries()) remote.push_back(encode_presence_entry(entry));
  std::vector<std::string_view> everyone(remote.begin(), remote.end());
  everyone.reserve(remote.size() + online_.size());
  for (const auto& [name, conn] : online_) {
    everyone.push_back(std::any_cast<std::shared_ptr<Session>&>(conn->context())->presence);
  }
  c.send(encode_presence_full_encoded(everyone));
  if (options_.history > 0) c.send(encode_history({history_.begin(), history_.end()}));
  room_.add(c);  // room frames from here on come after its full list and history
  log_("chat: " + s.user + " joined from " + c.peer().to_string());
}

void ChatHandler::say(net::Connection& c, Session& s, const std::string& text) {
  switch (s.rate.offer(text)) {
    case MessageRate::Verdict::kSend:
      send_to_room(s, text);
      break;
    case MessageRate::Verdict::kHeld:
      schedule_release(c, s);
      break;
    case MessageRate::Verdict::kDropped:
      if (s.rate.take_notice()) {
        send_direct(
            c, encode_error(code::kRateLimited,
                            "too many messages: dropped (at most " +
                                std::to_string(static_cast<long long>(options_.rate.per_second)) +
                                " a second)"));
        log_("chat: " + s.user + " is over the message rate; dropping");
      }
      break;
  }
}

void ChatHandler::schedule_release(net::Connection& c, Session& s) {
  if (s.release_timer != 0) return;
  ConnectionRef ref{&c, live_.at(&c)};
  s.release_timer = loop_.run_after(s.rate.until_release(), [this, ref] {
    net::Connection* conn = find_live(ref);
    if (!conn) return;
    auto session = std::any_cast<std::shared_ptr<Session>>(conn->context());
    session->release_timer = 0;
    if (conn->closed() || conn->finishing() || !session->logged_in) return;
    session->rate.release([&](const std::string& text) { send_to_room(*session, text); });
    if (session->rate.holding()) schedule_release(*conn, *session);
  });
}

void ChatHandler::send_to_room(Session& s, const std::string& text) {
  if (relay_message(s.user, text)) return;  // --redis: delivered when it comes back
  deliver(s.user, text, now_ms(), true);
}

void ChatHandler::deliver(std::string from, std::string text, std::int64_t time_ms, bool local) {
  RoomMessage message{std::move(from), std::move(text), time_ms, next_seq_++};
  std::string frame = encode_message(message);
  auto sender = local ? online_.find(message.from) : online_.end();
  broadcast(frame, sender == online_.end() ? nullptr : sender->second);
  if (options_.history == 0) return;
  history_.push_back(std::move(message));
  while (history_.size() > options_.history) history_.pop_front();
}

void ChatHandler::reject(net::Connection& c, Session& s, std::string_view code,
                         std::string_view message, bool fatal) {
  send_direct(c, encode_error(code, message));
  if (fatal || ++s.errors >= options_.max_errors) {
    if (!fatal) c.send(encode_error(code::kTooManyErrors, "closing after repeated errors"));
    c.send(encode_bye("errors", "closed after a bad frame"));
    c.finish();
  }
}

void ChatHandler::broadcast(std::string_view frame, const net::Connection* except) {
  // A reader too slow to keep up overflows its own queue and is closed by the server
  // (ConnectionLimits); the others get the frame all the same.
  room_.publish(frame, except);
}

void ChatHandler::send_direct(net::Connection& c, std::string_view frame) {
  room_.settle(c);
  c.send(frame);
}

PresenceEntry ChatHandler::entry_of(const net::Connection& c, const Session& s) const {
  return {s.user, c.peer().address_string(), s.udp_port};
}

void ChatHandler::on_close(net::Connection& c, net::CloseCause, std::string_view reason) {
  live_.erase(&c);
  auto session = std::any_cast<std::shared_ptr<Session>>(c.context());
  if (session->login_timer != 0) loop_.cancel(session->login_timer);
  if (session->release_timer != 0) loop_.cancel(session->release_timer);
  session->login_timer = session->release_timer = 0;
  if (!session->logged_in) return;
  session->logged_in = false;
  auto it = online_.find(session->user);
  if (it == online_.end() || it->second != &c) return;  // replaced by a newer login
  online_.erase(it);
  room_.remove(c);
  broadcast(encode_presence_leave(session->user), nullptr);
  relay_presence(false, {session->user, {}, 0});
  log_("chat: " + session->user + " left (" + std::string(reason) + ")");
}

void ChatHandler::on_overflow(net::Connection& c) {
  log_("chat: " + c.peer().to_string() + " disconnected: it does not read fast enough");
}

void ChatHandler::shutdown() {
  room_.flush();  // the room's last frames before the bye
  for (const auto& [name, conn] : online_) {
    conn->send(encode_bye("shutdown", "the server is stopping"));
    conn->finish();
  }
}

}  // namespace sockscope::chat
