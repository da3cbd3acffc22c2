// Public. `sockscope serve` as a library call: bind, report the real address, serve on
// one event loop per thread (SO_REUSEPORT) until SIGINT/SIGTERM or stop().
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>

#include "core/clock.h"
#include "net/address.h"
#include "net/connection.h"
#include "serve/reply_mode.h"
#include "serve/server_events.h"

namespace sockscope::serve {

struct ServeOptions {
  net::Transport transport = net::Transport::kTcp;
  net::Endpoint bind;  // port 0 = ephemeral
  ReplyMode reply = ReplyUpper{};
  // TCP, ReplyUpper: answer every message on a connection (ncat-like) instead of one
  // answer then close, as the lab's TCPServer.py does (reply_mode.h closes_after_reply).
  bool loop = false;
  // UDP: send whole replies even when larger than kUdpReplyGrowth times the request.
  bool udp_full_replies = false;
  int threads = 1;  // event loops; >1 uses SO_REUSEPORT
  std::size_t max_clients = 100000;
  std::optional<Duration> idle_timeout;  // TCP: close clients silent this long (unset: never)
  // TCP: a client that sends without reading its replies stops being read once 256 KiB
  // of them are queued, and is disconnected when they stay that many for 5 s.
  net::ConnectionLimits limits{256 * 1024, 1024 * 1024, std::chrono::seconds(5)};
  bool handle_signals = true;  // stop on SIGINT/SIGTERM
};

// Serves until a signal (when handle_signals) or until `stop_flag` becomes true (checked
// a few times a second). Throws Error when the address cannot be bound, kNetworkNo when
// another socket has the port (also another SO_REUSEPORT server, see ensure_port_free).
void run_server(const ServeOptions& options, ServerEvents& events,
                const std::atomic<bool>* stop_flag = nullptr);

}  // namespace sockscope::serve
