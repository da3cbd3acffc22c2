#include "chat/chat_server.h"

#include <csignal>
#include <memory>

#include "chat/auth_worker.h"
#include "net/event_loop.h"
#include "net/socket_ops.h"
#include "net/tcp_server.h"

namespace sockscope::chat {

void run_chat_server(const ChatServerOptions& options, const ChatServerEvents& events) {
  std::signal(SIGPIPE, SIG_IGN);
  net::raise_fd_limit();
  // Declared in the order they are needed, destroyed in reverse: the server before the
  // handler it calls, the worker (which posts to the loop) before the loop.
  net::EventLoop loop;
  // Signals are blocked before the worker thread starts, so it inherits the mask.
  net::UniqueFd listener = net::listen_tcp(options.bind);
  net::Endpoint local = net::local_endpoint(listener.get());
  std::unique_ptr<UserStore> store;
  std::unique_ptr<PasswordHasher> hasher;
  std::unique_ptr<ChatHandler> handler;
  std::unique_ptr<LegacyChatHandler> legacy;
  auto shutdown = [&loop, &handler, &legacy] {
    if (handler) handler->shutdown();
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
  if (store) worker = std::make_unique<AuthWorker>(loop, *store, *hasher, options.auth_queue);
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
  auto server = std::make_unique<net::TcpServer>(loop, std::move(listener), tcp_options, *serving);
  if (events.on_listening) events.on_listening(local);
  loop.run();
  // A last round lets the bye frames go out before the sockets close.
  loop.run_once(std::chrono::milliseconds(0));
  server.reset();
  worker.reset();
  handler.reset();
  legacy.reset();
}

}  // namespace sockscope::chat
