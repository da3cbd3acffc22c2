#include "chat/redis_link.h"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <charconv>
#include <utility>

#include "core/text.h"

namespace sockscope::chat {
namespace {

constexpr auto kConnectTimeout = std::chrono::seconds(3);
constexpr auto kAnswerTimeout = std::chrono::seconds(3);
constexpr auto kPingEvery = std::chrono::seconds(1);
constexpr auto kHealthEvery = std::chrono::milliseconds(250);
constexpr auto kMaxBackoff = std::chrono::seconds(5);
constexpr std::size_t kMaxPending = 100000;

}  // namespace

namespace {

// RFC 3986 percent-decoding of a URL's user information; false on a bad escape.
bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= in.size()) return false;
    auto [end, ec] = std::from_chars(in.data() + i + 1, in.data() + i + 3, value, 16);
    if (ec != std::errc() || end != in.data() + i + 3) return false;
    out += static_cast<char>(value);
    i += 2;
  }
  return true;
}

}  // namespace

RedisTarget parse_redis_url(std::string_view url, std::string& error) {
  RedisTarget target;
  error.clear();
  std::string_view rest = url;
  constexpr std::string_view kScheme = "redis://";
  if (rest.substr(0, kScheme.size()) != kScheme) {
    error = rest.starts_with("rediss://") ? "TLS to Redis (rediss://) is not supported"
                                          : "use redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]";
    return target;
  }
  rest.remove_prefix(kScheme.size());
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    rest.remove_prefix(at + 1);
    auto colon = userinfo.find(':');
    if (colon == std::string_view::npos) {
      error = "give the password as :PASSWORD@ (or USER:PASSWORD@)";
      return target;
    }
    if (!percent_decode(userinfo.substr(0, colon), target.user) ||
        !percent_decode(userinfo.substr(colon + 1), target.password)) {
      error = "a bad %-escape in the user or password";
      return target;
    }
    if (target.password.empty()) {
      error = "an empty password";
      return target;
    }
  }
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    std::string_view db = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(db.data(), db.data() + db.size(), value);
    if (!db.empty() && (ec != std::errc() || end != db.data() + db.size())) {
      error = "bad database number '" + std::string(db) + "'";
      return target;
    }
  }
  std::string_view host = rest;
  std::string_view port;
  bool has_port = false;
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    if (close == std::string_view::npos) {
      error = "an IPv6 address needs its closing ']'";
      return target;
    }
    host = rest.substr(1, close - 1);
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        error = "expected ':PORT' after ']'";
        return target;
      }
      port = after.substr(1);
      has_port = true;
    }
  } else if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    has_port = true;
  }
  if (host.empty()) {
    error = "no host";
    return target;
  }
  target.host = std::string(host);
  if (has_port) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value == 0 ||
        value > 65535) {
      error = "bad port '" + std::string(port) + "'";
      return target;
    }
    target.port = static_cast<std::uint16_t>(value);
  }
  return target;
}

RedisLink::RedisLink(net::EventLoop& loop, RedisTarget target, std::string channel, Events events)
    : loop_(loop),
      target_(std::move(target)),
      channel_(std::move(channel)),
      events_(std::move(events)),
      pub_adapter_(loop),
      sub_adapter_(loop) {
  connect();
  health_timer_ = loop_.run_after(kHealthEvery, [this] { health(); });
}

RedisLink::~RedisLink() {
  loop_.cancel(retry_timer_);
  loop_.cancel(health_timer_);
  loop_.cancel(fail_timer_);
  tearing_down_ = true;
  if (pub_ != nullptr) redisAsyncFree(std::exchange(pub_, nullptr));
  if (sub_ != nullptr) redisAsyncFree(std::exchange(sub_, nullptr));
}

void RedisLink::connect() {
  retry_timer_ = 0;
  state_ = State::kConnecting;
  pub_connected_ = false;
  subscribed_ = false;
  pending_ = 0;
  connect_started_ = loop_.now();
  last_answer_ = connect_started_;
  last_ping_ = connect_started_;
  // redisAsyncConnect only starts a non-blocking connect; the address is a literal, so
  // no name lookup blocks here.
  pub_ = redisAsyncConnect(target_.host.c_str(), target_.port);
  sub_ = redisAsyncConnect(target_.host.c_str(), target_.port);
  for (redisAsyncContext* ac : {pub_, sub_}) {
    if (ac == nullptr || ac->err != 0) {
      std::string why = ac == nullptr ? "out of memory" : ac->errstr;
      teardown("cannot connect to redis " + target_.host + ":" + std::to_string(target_.port) +
               ": " + why);
      return;
    }
  }
  pub_->data = this;
  sub_->data = this;
  pub_adapter_.attach(pub_);
  sub_adapter_.attach(sub_);
  redisAsyncSetConnectCallback(pub_, &RedisLink::on_connect);
  redisAsyncSetConnectCallback(sub_, &RedisLink::on_connect);
  redisAsyncSetDisconnectCallback(pub_, &RedisLink::on_disconnect);
  redisAsyncSetDisconnectCallback(sub_, &RedisLink::on_disconnect);
  auth_pending_ = 0;
  if (!target_.password.empty()) {
    // Queued first: Redis answers commands of a connection in order.
    for (redisAsyncContext* ac : {pub_, sub_}) {
      if (target_.user.empty()) {
        redisAsyncCommand(ac, &RedisLink::on_auth_reply, this, "AUTH %b", target_.password.data(),
                          target_.password.size());
      } else {
        redisAsyncCommand(ac, &RedisLink::on_auth_reply, this, "AUTH %b %b", target_.user.data(),
                          target_.user.size(), target_.password.data(), target_.password.size());
      }
      ++auth_pending_;
    }
    return;  // subscribed once the login is answered (on_auth_reply)
  }
  subscribe();
}

void RedisLink::subscribe() {
  redisAsyncCommand(sub_, &RedisLink::on_subscribe_reply, this, "SUBSCRIBE %b", channel_.data(),
                    channel_.size());
}

void RedisLink::on_connect(const redisAsyncContext* ac, int status) {
  auto* self = static_cast<RedisLink*>(ac->data);
  if (self == nullptr || self->tearing_down_) return;
  if (status != REDIS_OK) {
    // hiredis frees this context when the callback returns.
    self->lost(ac, std::string("cannot connect to redis: ") + ac->errstr);
    return;
  }
  if (ac == self->pub_) self->pub_connected_ = true;
  self->check_up();
}

void RedisLink::on_disconnect(const redisAsyncContext* ac, int status) {
  auto* self = static_cast<RedisLink*>(ac->data);
  if (self == nullptr || self->tearing_down_) return;
  self->lost(ac, status == REDIS_OK ? std::string("redis closed the connection")
                                    : std::string("redis connection lost: ") + ac->errstr);
}

void RedisLink::on_auth_reply(redisAsyncContext* ac, void* reply, void* self_ptr) {
  auto* self = static_cast<RedisLink*>(self_ptr);
  auto* r = static_cast<redisReply*>(reply);
  if (r == nullptr || self->tearing_down_) return;
  if (r->type == REDIS_REPLY_ERROR) {
    // Never the password itself in the log.
    self->fail_soon("redis refused the login: " + std::string(r->str, r->len));
    return;
  }
  if (self->auth_pending_ > 0) --self->auth_pending_;
  if (ac == self->sub_) self->subscribe();
  self->check_up();
}

void RedisLink::on_subscribe_reply(redisAsyncContext*, void* reply, void* self_ptr) {
  auto* self = static_cast<RedisLink*>(self_ptr);
  auto* r = static_cast<redisReply*>(reply);
  if (r == nullptr || self->tearing_down_) return;  // the context is being freed
  if (r->type == REDIS_REPLY_ERROR) {  // NOAUTH: no password given, and Redis wants one
    self->fail_soon("redis refused the subscription: " + std::string(r->str, r->len));
    return;
  }
  if (r->type != REDIS_REPLY_ARRAY || r->elements < 3) return;
  std::string_view kind(r->element[0]->str, r->element[0]->len);
  if (kind == "subscribe") {
    self->subscribed_ = true;
    self->check_up();
  } else if (kind == "message" && r->element[2]->type == REDIS_REPLY_STRING) {
    if (self->events_.on_message)
      self->events_.on_message({r->element[2]->str, r->element[2]->len});
  }
}

void RedisLink::on_publish_reply(redisAsyncContext*, void* reply, void* self_ptr) {
  auto* self = static_cast<RedisLink*>(self_ptr);
  if (reply == nullptr || self->tearing_down_) return;
  if (self->pending_ > 0) --self->pending_;
  self->last_answer_ = self->loop_.now();
}

bool RedisLink::publish(std::string_view payload) {
  if (state_ != State::kUp || pending_ >= kMaxPending) return false;
  if (pending_ == 0) last_answer_ = loop_.now();  // the answer clock starts now
  if (redisAsyncCommand(pub_, &RedisLink::on_publish_reply, this, "PUBLISH %b %b", channel_.data(),
                        channel_.size(), payload.data(), payload.size()) != REDIS_OK) {
    return false;
  }
  ++pending_;
  return true;
}

void RedisLink::check_up() {
  if (state_ != State::kConnecting || !pub_connected_ || !subscribed_ || auth_pending_ > 0) return;
  state_ = State::kUp;
  backoff_ = std::chrono::milliseconds(100);
  reported_down_ = false;
  if (events_.log)
    events_.log("chat: redis " + target_.host + ":" + std::to_string(target_.port) +
                " up, channel " + channel_);
  if (events_.on_up) events_.on_up();
}

void RedisLink::fail_soon(std::string reason) {
  // Inside a hiredis callback the contexts cannot be freed safely: after it returns.
  if (fail_timer_ != 0) return;
  fail_timer_ = loop_.run_after(Duration::zero(), [this, reason = std::move(reason)] {
    fail_timer_ = 0;
    teardown(reason);
  });
}

void RedisLink::lost(const redisAsyncContext* gone, const std::string& reason) {
  // `gone` is being freed by hiredis: forget it, free the other one ourselves.
  if (gone == pub_) pub_ = nullptr;
  if (gone == sub_) sub_ = nullptr;
  teardown(reason);
}

void RedisLink::teardown(const std::string& reason) {
  if (tearing_down_) return;
  if (fail_timer_ != 0) loop_.cancel(std::exchange(fail_timer_, 0));
  tearing_down_ = true;
  if (pub_ != nullptr) redisAsyncFree(std::exchange(pub_, nullptr));
  if (sub_ != nullptr) redisAsyncFree(std::exchange(sub_, nullptr));
  tearing_down_ = false;
  bool was_up = state_ == State::kUp;
  state_ = State::kDown;
  pending_ = 0;
  if (events_.log && (was_up || reason != last_error_)) {
    events_.log("chat: " + reason + "; retrying in " + format_seconds(backoff_) + " s");
  }
  last_error_ = reason;
  if (retry_timer_ == 0) retry_timer_ = loop_.run_after(backoff_, [this] { connect(); });
  backoff_ = std::min<Duration>(backoff_ * 2, kMaxBackoff);
  if (!reported_down_) {
    reported_down_ = true;
    if (events_.on_down) events_.on_down(reason);
  }
}

void RedisLink::health() {
  health_timer_ = loop_.run_after(kHealthEvery, [this] { health(); });
  TimePoint now = loop_.now();
  if (state_ == State::kConnecting && now - connect_started_ > kConnectTimeout) {
    teardown("redis did not answer the connect within 3 s");
    return;
  }
  if (state_ != State::kUp) return;
  if (pending_ > 0 && now - last_answer_ > kAnswerTimeout) {
    teardown("redis left a command unanswered for 3 s");
    return;
  }
  if (pending_ >= kMaxPending) {
    teardown("redis is too slow: " + std::to_string(pending_) + " commands unanswered");
    return;
  }
  if (pending_ == 0 && now - last_ping_ > kPingEvery) {
    last_ping_ = now;
    last_answer_ = now;
    if (redisAsyncCommand(pub_, &RedisLink::on_publish_reply, this, "PING") == REDIS_OK) ++pending_;
  }
}

}  // namespace sockscope::chat
