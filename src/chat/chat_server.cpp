#include "chat/chat_server.h"

#include <malloc.h>

#include <csignal>
#include <cstdio>
#include <memory>
#include <random>

#include "chat/auth_worker.h"
#include "net/event_loop.h"
#include "net/socket_ops.h"
#include "net/tcp_server.h"

namespace sockscope::chat {
namespace {

// A server's name on the shared channel: random, so two servers never mistake each
// other's publications for their own.
std::string random_server_id() {
  std::random_device device;
  char out[17];
  std::snprintf(out, sizeof(out), "%08x%08x", device(), device());
  return out;
}

}  // namespace

namespace {

// Memory: a busy room allocates and frees every client's output buffer each loop round.
// glibc would hand the heap's free top back to the kernel at once and fault it in again
// the next round (page faults and page zeroing were a fifth of the server's time at
// 500 clients); keep up to 64 MiB of it instead, and give free memory back every 2 s
// (malloc_trim also frees the holes a storm of logins leaves), so an idle server stays small.
constexpr auto kTrimEvery = std::chrono::seconds(2);

void trim_now_and_later(net::EventLoop& loop) {
  malloc_trim(0);
  loop.run_after(kTrimEvery, [&loop] { trim_now_and_later(loop); });
}

}  // namespace

void run_chat_server(const ChatServerOptions& options, const ChatServerEvents& events) {
  std::signal(SIGPIPE, SIG_IGN);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  // Queues of slow readers grow to hundreds of KiB: from the heap too, not a fresh mmap
  // (faulted in page by page) per growth.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  net::raise_fd_limit();
  // Declared in the order they are needed, destroyed in reverse: the server before the
  // handler it calls, the worker (which posts to the loop) before the loop.
  net::EventLoop loop;
  // Signals are blocked before the worker threads start, so they inherit the mask.
  net::UniqueFd listener = net::listen_tcp(options.bind);
  net::Endpoint local = net::local_endpoint(listener.get());
  std::unique_ptr<UserStore> store;
  std::unique_ptr<PasswordHasher> hasher;
  std::unique_ptr<ChatHandler> handler;
  std::unique_ptr<LegacyChatHandler> legacy;
  auto shutdown = [&loop, &handler, &legacy] {
    if (handler) {
      handler->shutdown();
      handler->relay_goodbye();
    }
    if (legacy) legacy->shutdown();
    loop.stop();
  };
  std::function<void()> watch_stop;
  if (options.stop == nullptr) {
    loop.on_signals({SIGINT, SIGTERM}, [&shutdown](int) { shutdown(); });
  } else {
    watch_stop = [&] {
      if (options.stop->load()) {
        shutdown();
      } else {
        loop.run_after(std::chrono::milliseconds(50), watch_stop);
      }
    };
    loop.run_after(std::chrono::milliseconds(50), watch_stop);
  }
  if (options.db_path && !options.legacy) {
    store = std::make_unique<UserStore>(*options.db_path);
    hasher = std::make_unique<PasswordHasher>(options.hash);
  }
  std::unique_ptr<AuthWorker> worker;
  if (store) {
    worker = std::make_unique<AuthWorker>(loop, *store, *hasher, options.auth_queue,
                                          options.auth_threads);
  }
  net::TcpHandler* serving = nullptr;
  if (options.legacy) {
    legacy = std::make_unique<LegacyChatHandler>(
        LegacyRoomOptions{options.room.rate, options.room.login_timeout}, loop, events.log);
    serving = legacy.get();
  } else {
    handler = std::make_unique<ChatHandler>(options.room, worker.get(), loop, events.log);
    serving = handler.get();
  }
  net::TcpServerOptions tcp_options;
  tcp_options.limits = options.limits;
  tcp_options.tls = options.tls;
  auto server = std::make_unique<net::TcpServer>(loop, std::move(listener), tcp_options, *serving);
  std::unique_ptr<RedisLink> redis;
  if (options.redis && handler) {
    RedisLink::Events link_events;
    ChatHandler* h = handler.get();
    link_events.on_message = [h](std::string_view payload) { h->on_relay_payload(payload); };
    link_events.on_up = [h] { h->on_relay_up(); };
    link_events.on_down = [h](const std::string&) { h->on_relay_down(); };
    link_events.log = events.log;
    redis = std::make_unique<RedisLink>(loop, *options.redis, options.redis_channel,
                                        std::move(link_events));
    handler->share_room(redis.get(), random_server_id());
  }
  loop.run_after(kTrimEvery, [&loop] { trim_now_and_later(loop); });
  if (events.on_listening) events.on_listening(local);
  loop.run();
  // A last round lets the bye frames (and the relay's goodbye) go out before the sockets close.
  loop.run_once(std::chrono::milliseconds(0));
  redis.reset();
  server.reset();
  worker.reset();
  handler.reset();
  legacy.reset();
}

}  // namespace sockscope::chat
