// Public. A Redis pub/sub channel as a RoomRelay (`chat server --redis URL`), on the
// server's own event loop through hiredis's asynchronous API (RedisLoopAdapter): one
// connection publishes, one subscribes. Redis orders the publications of every server on
// the channel, so each server sees one order.
//
// A Redis that goes away never stops the server: the link reports on_down, retries with
// a back-off (0.1 s doubling to 5 s), and reports on_up once subscribed again. A connect
// that takes over 3 s, or a Redis that leaves a publication unanswered for 3 s (stopped,
// or too slow: 100,000 unanswered), counts as gone. Loop thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "chat/redis_adapter.h"
#include "chat/room_relay.h"
#include "core/clock.h"
#include "net/event_loop.h"

struct redisAsyncContext;

namespace sockscope::chat {

struct RedisTarget {
  std::string host;  // an IP address (the CLI resolves names once, at start-up)
  std::uint16_t port = 6379;
  // Sent as AUTH [user] password on every connection when set (Redis 6 ACL users, or
  // the requirepass password alone).
  std::string user;
  std::string password;
};

// `redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]` (HOST may be [IPv6]; USER and PASSWORD
// percent-decoded). DB is accepted and unused: pub/sub channels belong to no database.
// Empty `error` when fine.
RedisTarget parse_redis_url(std::string_view url, std::string& error);

class RedisLink final : public RoomRelay {
 public:
  struct Events {
    std::function<void(std::string_view payload)> on_message;
    std::function<void()> on_up;
    std::function<void(const std::string& reason)> on_down;
    std::function<void(std::string line)> log;
  };

  RedisLink(net::EventLoop& loop, RedisTarget target, std::string channel, Events events);
  ~RedisLink() override;
  RedisLink(const RedisLink&) = delete;
  RedisLink& operator=(const RedisLink&) = delete;

  bool publish(std::string_view payload) override;
  bool up() const override { return state_ == State::kUp; }

 private:
  enum class State { kDown, kConnecting, kUp };

  static void on_connect(const redisAsyncContext* ac, int status);
  static void on_disconnect(const redisAsyncContext* ac, int status);
  static void on_subscribe_reply(redisAsyncContext* ac, void* reply, void* self);
  static void on_publish_reply(redisAsyncContext* ac, void* reply, void* self);
  static void on_auth_reply(redisAsyncContext* ac, void* reply, void* self);

  void connect();
  void subscribe();
  void lost(const redisAsyncContext* gone, const std::string& reason);
  void teardown(const std::string& reason);
  void fail_soon(std::string reason);
  void check_up();
  void health();

  net::EventLoop& loop_;
  RedisTarget target_;
  std::string channel_;
  Events events_;
  RedisLoopAdapter pub_adapter_;
  RedisLoopAdapter sub_adapter_;
  redisAsyncContext* pub_ = nullptr;
  redisAsyncContext* sub_ = nullptr;
  State state_ = State::kDown;
  bool pub_connected_ = false;
  int auth_pending_ = 0;  // AUTH replies still to come (one per connection)
  bool subscribed_ = false;
  bool tearing_down_ = false;
  bool reported_down_ = true;  // nothing to report before the first on_up
  std::size_t pending_ = 0;    // publications (and pings) not answered yet
  TimePoint connect_started_{};
  TimePoint last_answer_{};
  TimePoint last_ping_{};
  Duration backoff_ = std::chrono::milliseconds(100);
  net::EventLoop::TimerId retry_timer_ = 0;
  net::EventLoop::TimerId health_timer_ = 0;
  net::EventLoop::TimerId fail_timer_ = 0;
  std::string last_error_;
};

}  // namespace sockscope::chat
