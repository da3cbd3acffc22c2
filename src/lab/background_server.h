// Public. A `sockscope serve` running on a thread of this process, for the lab: started
// and listening when the constructor returns, stopped and joined by the destructor.
// What it would have printed is kept as lines the lab can show.
// Thread-safety: take_log() may be called from any thread while the server runs.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "serve/serve.h"

namespace sockscope::lab {

class BackgroundServer {
 public:
  // Throws what run_server throws (a bind error), or an Error if it does not start
  // listening within `start_timeout`.
  explicit BackgroundServer(serve::ServeOptions options,
                            Duration start_timeout = std::chrono::seconds(5));
  ~BackgroundServer();
  BackgroundServer(const BackgroundServer&) = delete;
  BackgroundServer& operator=(const BackgroundServer&) = delete;

  const net::Endpoint& local() const { return local_; }
  net::Transport transport() const { return transport_; }
  // Asks the server to stop without waiting (it notices within 100 ms); the destructor
  // joins. Stopping several servers: ask them all first, so the waits overlap.
  void request_stop() { stop_ = true; }
  // The server's lines since the last call ("[*] Received: ..."). Waits up to `wait`
  // for at least `at_least` lines: the server logs on its own thread, and a connection
  // the kernel completed may not have been accepted yet.
  std::vector<std::string> take_log(std::size_t at_least = 0, Duration wait = Duration::zero());

 private:
  class Events;
  std::unique_ptr<Events> events_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  net::Endpoint local_;
  net::Transport transport_;
};

}  // namespace sockscope::lab
