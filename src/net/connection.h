// Public. One accepted TCP client of a net::TcpServer (muduo's TcpConnection): the
// handler answers through it, and may keep a pointer to it and send() to it later from
// the same loop thread (e.g. to broadcast) until its on_close returns.
//
// Output: send() writes what the kernel takes at once and queues the rest. The queue is
// bounded (ConnectionLimits), with one overflow policy for every service:
//   - at `pause_reading_at` queued bytes the server stops reading this client, so a
//     client that sends without reading cannot make us queue its answers without end;
//   - when the queue stays at or above that mark for `max_full_time`, or a send() would
//     take it past `max_output`, the handler's on_overflow runs, then the connection
//     closes (CloseCause::kOverflow; queued bytes are dropped).
// Closing: close() stops watching at once and send() does nothing from then on; the
// handler's on_close and the freeing of the state run at the safe point, after the
// current round's events (a zero-delay timer of the server's, cancelled if the server
// goes first).
#pragma once

#include <sys/uio.h>

#include <any>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "net/address.h"
#include "net/fd.h"
#include "net/output_queue.h"
#include "net/tcp_handler.h"
#include "net/tls_server.h"

namespace sockscope::net {

class EventLoop;
class TcpServer;

struct ConnectionLimits {
  std::size_t pause_reading_at = 256 * 1024;  // queued bytes that pause reading
  std::size_t max_output = 1024 * 1024;       // a send() past this overflows
  std::optional<Duration> max_full_time;      // unset: a full queue may wait forever
};

class Connection {
  struct Key {  // only TcpServer makes connections
    explicit Key() = default;
  };

 public:
  Connection(Key, TcpServer& server, UniqueFd fd, const Endpoint& peer);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  const Endpoint& peer() const { return peer_; }
  bool closed() const { return closing_; }
  bool finishing() const { return finishing_; }  // finish() was called
  std::size_t queued() const { return output_.size(); }

  // Sends `bytes` (queued behind earlier ones). False when the connection is closed or
  // finishing, or when this send overflowed the queue (the connection is then closing).
  bool send(std::string_view bytes);
  // Sends the pieces in order, as one send(): what the kernel takes at once is never
  // copied (net::Fanout gives many members the same bytes this way). Same limits and
  // return value as send().
  bool sendv(std::span<const iovec> pieces);
  // Half-closes once the queue is empty: the peer reads EOF after the last byte. What
  // the peer still sends is read and passed on until it closes too, so its unread
  // bytes never turn our close into a reset. Later send()s are refused.
  void finish();
  // Closes now; queued output is dropped.
  void close(std::string_view reason = "closed by the server") {
    close_because(CloseCause::kHandler, reason);
  }

  // The handler's own state for this connection (one std::any, empty at first).
  std::any& context() { return context_; }

 private:
  friend class TcpServer;

  void on_events(std::uint32_t events);
  void read_once();
  void tls_read();
  void tls_handshake();
  void peer_closed();
  // One write of the socket or TLS session; false when it failed (the connection is then
  // closing). `written` is 0 when the kernel (or TLS) takes nothing now.
  bool write_some(const char* data, std::size_t size, std::size_t& written);
  void shut_write();
  void flush();
  void update_interest();
  bool overflowing_for(TimePoint now) const;
  void overflow(std::string_view reason);
  void close_because(CloseCause cause, std::string_view reason);

  TcpServer& server_;
  UniqueFd fd_;
  Endpoint peer_;
  OutputQueue output_;
  std::any context_;
  std::unique_ptr<TlsSession> tls_;       // TcpServerOptions::tls: bytes go through TLS
  std::uint32_t tls_handshake_want_ = 0;  // the events the unfinished handshake waits for
  bool tls_read_wants_write_ = false;     // SSL_read asked for writability
  TimePoint last_heard_{};                // accept or last bytes read (kept with an idle timeout)
  std::optional<TimePoint> full_since_;   // when the queue reached pause_reading_at
  std::uint32_t interest_ = 0;            // the epoll events currently asked for
  bool peer_done_ = false;                // EOF read: finish writing, then close
  bool finishing_ = false;                // finish() called: half-close when drained
  bool write_shut_ = false;               // SHUT_WR done
  bool closing_ = false;                  // close scheduled at the safe point
};

}  // namespace sockscope::net
