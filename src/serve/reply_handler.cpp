#include "serve/reply_handler.h"

namespace sockscope::serve {

ReplyHandler::ReplyHandler(ReplyMode reply, bool loop, std::optional<Duration> idle_timeout,
                           ServerEvents& events)
    : reply_(std::move(reply)),
      once_(closes_after_reply(reply_, loop)),
      idle_timeout_(idle_timeout),
      events_(events) {}

void ReplyHandler::on_open(net::Connection& c) {
  events_.on_accepted(c.peer());
}

void ReplyHandler::on_data(net::Connection& c, std::span<char> bytes) {
  events_.on_received(c.peer(), std::string_view(bytes.data(), bytes.size()));
  if (c.finishing()) return;  // answered once already: drain quietly until the peer closes
  // Made in the shared read buffer: the common case (ASCII, sent whole at once) copies
  // and allocates nothing.
  c.send(reply_in_place(reply_, bytes, scratch_));
  if (once_) c.finish();
}

void ReplyHandler::on_close(net::Connection& c, net::CloseCause cause, std::string_view reason) {
  if (cause == net::CloseCause::kIdle && idle_timeout_) {
    events_.on_idle_closed(c.peer(), *idle_timeout_);
  } else if (cause == net::CloseCause::kOverflow) {
    events_.on_overflow_closed(c.peer(), reason);
  }
  events_.on_closed(c.peer(), reason);
}

void ReplyHandler::on_refused(const net::Endpoint& peer, std::string_view reason) {
  events_.on_refused(peer, reason);
}

}  // namespace sockscope::serve
