// Public. The chat room as a net::TcpHandler (docs/chat-protocol.md): frames cut by a
// net::LineFramer, logins checked by the AuthWorker off the loop, room messages sent to
// every other logged-in client in the order the server read them, presence deltas,
// history replay. The sender's name is always the session's, never the frame's.
// One handler per loop; everything runs on that loop's thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "chat/auth_worker.h"
#include "chat/login_throttle.h"
#include "chat/message_rate.h"
#include "chat/protocol.h"
#include "chat/room_relay.h"
#include "net/connection.h"
#include "net/event_loop.h"
#include "net/fanout.h"
#include "net/tcp_handler.h"

namespace sockscope::chat {

struct ChatRoomOptions {
  std::size_t history = 20;    // room messages replayed on login
  std::size_t max_errors = 3;  // error frames before the connection is closed
  MessageRateOptions rate;     // per-client room messages (delay, then drop with a notice)
  // A connection not logged in this long after it opened is told and closed (a login
  // still being checked gets another period).
  Duration login_timeout = std::chrono::seconds(30);
};

class ChatHandler final : public net::TcpHandler {
 public:
  using Log = std::function<void(std::string line)>;
  // `auth` null: --auth off, a login frame's name is taken as it is (no password).
  // `loop` is the one the handler's TcpServer runs on (delayed logins wait on it).
  ChatHandler(ChatRoomOptions options, AuthWorker* auth, net::EventLoop& loop, Log log);

  void on_open(net::Connection& c) override;
  void on_data(net::Connection& c, std::span<char> bytes) override;
  void on_close(net::Connection& c, net::CloseCause cause, std::string_view reason) override;
  void on_overflow(net::Connection& c) override;

  // Tells every client the server is going away (a bye frame) and half-closes them.
  void shutdown();
  std::size_t online() const { return online_.size(); }

  // --redis (chat/room_share.cpp): the room is shared with the other servers on `relay`.
  // Room messages go out through it and are delivered when they come back, so every
  // server delivers them in the channel's one order; presence (join, leave, a roster
  // on request) flows the same way. While the relay is down the room is local only.
  void share_room(RoomRelay* relay, std::string server_id);
  void on_relay_up();
  void on_relay_down();
  void on_relay_payload(std::string_view payload);
  // SIGTERM with a relay: tells the other servers this one's users are gone.
  void relay_goodbye();

 private:
  struct Session;
  // A connection as a delayed task may hold it: the server owns and frees connections,
  // so a task checks `live_` (filled in on_open, emptied in on_close) before using one;
  // the id tells a new connection at a reused address from the one the task knew.
  struct ConnectionRef {
    net::Connection* connection = nullptr;
    std::uint64_t id = 0;
  };
  net::Connection* find_live(const ConnectionRef& ref) const;
  void on_line(net::Connection& c, Session& s, std::string_view line);
  void on_frame(net::Connection& c, Session& s, const ClientFrame& frame);
  void submit_auth(ConnectionRef ref, AuthWorker::Job job, const std::string& user,
                   const std::string& password, std::uint16_t udp_port);
  void start_auth(net::Connection& c, Session& s, AuthWorker::Job job, const std::string& user,
                  const std::string& password, std::uint16_t udp_port);
  void complete_login(net::Connection& c, Session& s, std::string_view op);
  void say(net::Connection& c, Session& s, const std::string& text);
  void send_to_room(Session& s, const std::string& text);
  void schedule_release(net::Connection& c, Session& s);
  void watch_login(ConnectionRef ref);
  // An error frame; the connection closes after `max_errors` of them, or at once if `fatal`.
  void reject(net::Connection& c, Session& s, std::string_view code, std::string_view message,
              bool fatal = false);
  // To every logged-in client but `except`, at the round's end (net::Fanout).
  void broadcast(std::string_view frame, const net::Connection* except);
  // A frame for one client, behind the room frames it has not been given yet.
  void send_direct(net::Connection& c, std::string_view frame);
  PresenceEntry entry_of(const net::Connection& c, const Session& s) const;
  // Sends a room message to the local clients (all but `from`'s connection when `local`)
  // and keeps it for history; numbers it in this server's order.
  void deliver(std::string from, std::string text, std::int64_t time_ms, bool local);
  bool relay_message(const std::string& from, const std::string& text);
  void relay_presence(bool join, const PresenceEntry& entry);
  void publish_roster();
  std::vector<PresenceEntry> remote_entries() const;
  void drop_remote(const std::string& server);

  ChatRoomOptions options_;
  AuthWorker* auth_;
  net::EventLoop& loop_;
  LoginThrottle throttle_{SteadyClock::instance()};
  Log log_;
  // Logged-in users; a connection leaves at its on_close, so these pointers stay valid.
  // `room_` holds the same connections: every frame to the room is written once per
  // client per loop round, from one buffer.
  std::map<std::string, net::Connection*, std::less<>> online_;
  net::Fanout room_;
  std::map<const net::Connection*, std::uint64_t> live_;
  std::uint64_t next_connection_id_ = 1;
  std::deque<RoomMessage> history_;
  std::uint64_t next_seq_ = 1;
  // --redis: the relay, this server's id on it, users on line on the other servers (by
  // server id), and this server's messages published but not yet seen coming back
  // (delivered locally if the relay goes down before they do).
  RoomRelay* relay_ = nullptr;
  std::string server_id_;
  std::map<std::string, std::map<std::string, PresenceEntry>, std::less<>> remote_;
  struct Unechoed {
    std::uint64_t n;
    std::string from;
    std::string text;
    std::int64_t time_ms;
  };
  std::deque<Unechoed> unechoed_;
  std::uint64_t next_publication_ = 1;
};

}  // namespace sockscope::chat
