// Public. `sockscope serve` as a library call: bind, report the real address, serve on
// one event loop per thread (SO_REUSEPORT) until SIGINT/SIGTERM or stop().
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>

#include "core/clock.h"
#include "net/address.h"
#include "serve/reply_mode.h"
#include "serve/server_events.h"

namespace sockscope::serve {

struct ServeOptions {
  net::Transport transport = net::Transport::kTcp;
  net::Endpoint bind;  // port 0 = ephemeral
  ReplyMode reply = ReplyUpper{};
  int threads = 1;  // event loops; >1 uses SO_REUSEPORT
  std::size_t max_clients = 100000;
  std::optional<Duration> idle_timeout;  // TCP: close clients silent this long (unset: never)
  bool handle_signals = true;            // stop on SIGINT/SIGTERM
};

// Serves until a signal (when handle_signals) or until `stop_flag` becomes true (checked
// a few times a second). Throws Error when the address cannot be bound.
void run_server(const ServeOptions& options, ServerEvents& events,
                const std::atomic<bool>* stop_flag = nullptr);

}  // namespace sockscope::serve
