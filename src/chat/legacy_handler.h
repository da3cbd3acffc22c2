// Public. The chat room speaking the lab's own protocol (`chat server --legacy`,
// chat/legacy_protocol.h): a client's first message is its name, everyone gets
// `!{name: IP, ...}` on every join and leave, room messages are relayed as `name: msg `.
// No accounts and no framing: a "message" is what one read brings, cut at 1024 bytes
// (the lab's recv(1024)) on a UTF-8 boundary. The login timeout and the per-client rate
// limit apply as in the JSON protocol. One handler per loop, on that loop's thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chat/legacy_protocol.h"
#include "chat/message_rate.h"
#include "core/clock.h"
#include "net/connection.h"
#include "net/event_loop.h"
#include "net/tcp_handler.h"

namespace sockscope::chat {

struct LegacyRoomOptions {
  MessageRateOptions rate;
  Duration login_timeout = std::chrono::seconds(30);  // to send a name
};

class LegacyChatHandler final : public net::TcpHandler {
 public:
  using Log = std::function<void(std::string line)>;
  LegacyChatHandler(LegacyRoomOptions options, net::EventLoop& loop, Log log);

  void on_open(net::Connection& c) override;
  void on_data(net::Connection& c, std::span<char> bytes) override;
  void on_close(net::Connection& c, net::CloseCause cause, std::string_view reason) override;
  void on_overflow(net::Connection& c) override;

  // Half-closes every client (the lab's protocol has no goodbye message).
  void shutdown();
  std::size_t online() const { return users_.size(); }

 private:
  struct Session;
  struct Ref {
    net::Connection* connection = nullptr;
    std::uint64_t id = 0;
  };
  static std::shared_ptr<Session> session_of(net::Connection& c);
  net::Connection* find_live(const Ref& ref) const;
  void on_chunk(net::Connection& c, Session& s, std::string_view chunk);
  void join(net::Connection& c, Session& s, std::string_view chunk);
  void relay(net::Connection& from, const std::string& name, const std::string& text);
  void schedule_release(net::Connection& c, Session& s);
  void broadcast_presence();

  LegacyRoomOptions options_;
  net::EventLoop& loop_;
  Log log_;
  // Joined users in join order (the lab's dict), and the live connections by id.
  std::vector<std::pair<std::string, net::Connection*>> users_;
  std::map<const net::Connection*, std::uint64_t> live_;
  std::uint64_t next_id_ = 1;
};

}  // namespace sockscope::chat
