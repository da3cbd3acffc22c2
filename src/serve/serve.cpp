#include "serve/serve.h"

#include <csignal>
#include <memory>
#include <thread>
#include <vector>

#include "core/error.h"
#include "net/event_loop.h"
#include "net/socket_ops.h"
#include "net/tcp_server.h"
#include "serve/reply_handler.h"
#include "serve/udp_server.h"

namespace sockscope::serve {
namespace {

// One loop with its server; the socket is created before threads start so bind errors
// surface in the caller's thread. Members are destroyed bottom-up: servers before the
// handler they call and the loop they run on.
struct Worker {
  std::unique_ptr<net::EventLoop> loop = std::make_unique<net::EventLoop>();
  std::unique_ptr<ReplyHandler> handler;
  std::unique_ptr<net::TcpServer> tcp;
  std::unique_ptr<UdpServer> udp;
};

void watch_stop_flag(net::EventLoop& loop, const std::atomic<bool>* flag) {
  if (flag == nullptr) return;
  loop.run_after(std::chrono::milliseconds(100), [&loop, flag] {
    if (flag->load()) {
      loop.stop();
    } else {
      watch_stop_flag(loop, flag);
    }
  });
}

}  // namespace

void run_server(const ServeOptions& options, ServerEvents& events,
                const std::atomic<bool>* stop_flag) {
  std::signal(SIGPIPE, SIG_IGN);
  net::raise_fd_limit();
  int threads = options.threads < 1 ? 1 : options.threads;
  net::ListenOptions listen_options;
  listen_options.reuse_port = threads > 1;

  std::vector<Worker> workers(static_cast<std::size_t>(threads));
  net::Endpoint bind = options.bind;
  for (auto& w : workers) {
    if (options.transport == net::Transport::kTcp) {
      net::UniqueFd fd = net::listen_tcp(bind, listen_options);
      if (bind.port() == 0)
        bind = net::local_endpoint(fd.get());  // every thread shares the chosen port
      net::TcpServerOptions tcp_options;
      tcp_options.max_clients = options.max_clients;
      tcp_options.idle_timeout = options.idle_timeout;
      tcp_options.limits = options.limits;
      w.handler =
          std::make_unique<ReplyHandler>(options.reply, options.loop, options.idle_timeout, events);
      w.tcp = std::make_unique<net::TcpServer>(*w.loop, std::move(fd), tcp_options, *w.handler);
    } else {
      net::UniqueFd fd = net::bind_udp(bind, listen_options);
      if (bind.port() == 0) bind = net::local_endpoint(fd.get());
      w.udp = std::make_unique<UdpServer>(*w.loop, std::move(fd), options.reply,
                                          options.udp_full_replies, events);
    }
    listen_options.joins_own_group = true;
  }
  net::EventLoop& main_loop = *workers.front().loop;
  if (options.handle_signals) {
    main_loop.on_signals({SIGINT, SIGTERM}, [&workers](int) {
      for (auto& w : workers) w.loop->stop();
    });
  }
  watch_stop_flag(main_loop, stop_flag);
  events.on_listening(bind);

  std::vector<std::thread> extra;
  for (std::size_t i = 1; i < workers.size(); ++i) {
    extra.emplace_back([&workers, i] { workers[i].loop->run(); });
  }
  main_loop.run();
  for (auto& w : workers) w.loop->stop();
  for (auto& t : extra) t.join();
}

}  // namespace sockscope::serve
