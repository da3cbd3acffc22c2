// Public. `sockscope chat server`: one event loop with a net::TcpServer and the
// ChatHandler, the AuthWorker's threads and the UserStore when accounts are on. Runs until
// SIGINT or SIGTERM: clients get a bye frame, the store is closed, the call returns.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "chat/chat_handler.h"
#include "chat/legacy_handler.h"
#include "chat/password.h"
#include "chat/redis_link.h"
#include "net/address.h"
#include "net/connection.h"
#include "net/tls_server.h"

namespace sockscope::chat {

struct ChatServerOptions {
  net::Endpoint bind;
  std::optional<std::string> db_path;  // unset: --auth off, no accounts
  ChatRoomOptions room;
  // The lab's wire protocol (chat/legacy_handler.h): no accounts, db_path unused; the
  // room's rate limit and login timeout apply.
  bool legacy = false;
  // Set: the server runs on a thread of a bigger program (the lab) and stops when the
  // flag turns true (checked every 50 ms) instead of on SIGINT/SIGTERM.
  const std::atomic<bool>* stop = nullptr;
  HashPolicy hash;
  std::size_t auth_queue = 64;
  // Argon2id checks at once (AuthWorker's pool); 0: one per core, at most 8.
  std::size_t auth_threads = 0;
  // --redis: share the room with the other servers on this Redis (pub/sub channel
  // `redis_channel`); unset: this server's room only.
  std::optional<RedisTarget> redis;
  std::string redis_channel = "sockscope:chat:room";
  // --tls: every client speaks TLS (net::TlsServerContext from --cert and --key).
  std::shared_ptr<const net::TlsServerContext> tls;
  net::ConnectionLimits limits = [] {
    net::ConnectionLimits l;
    l.pause_reading_at = 256 * 1024;
    l.max_output = 1024 * 1024;
    l.max_full_time = std::chrono::seconds(5);
    return l;
  }();
};

struct ChatServerEvents {
  std::function<void(const net::Endpoint& local)> on_listening;
  std::function<void(std::string line)> log;
};

void run_chat_server(const ChatServerOptions& options, const ChatServerEvents& events);

}  // namespace sockscope::chat
