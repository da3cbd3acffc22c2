// Public. How a network operation ended, in one vocabulary for every client and every
// layer under them (wait, connect, stream reads and writes, whole exchanges), with ONE
// errno classifier. Capabilities report a net::Outcome plus their own detail text
// instead of inventing a status enum each.
#pragma once

namespace sockscope::net {

enum class Outcome {
  kOk,           // done as asked: ready, connected, written, replied, received
  kClosed,       // the peer closed (end of stream) before giving what was asked for
  kRefused,      // the peer said no at once (ECONNREFUSED, ICMP port unreachable)
  kReset,        // the peer reset an established connection (ECONNRESET, EPIPE)
  kTimeout,      // the deadline passed
  kUnreachable,  // no route, host or network down, address not available
  kUnknownHost,  // the name did not resolve
  kTlsFailed,    // TLS handshake or certificate verification failed
  kBadReply,     // the peer's bytes do not follow the protocol (or exceed a limit)
  kInterrupted,  // SIGINT/SIGTERM (net/interrupt.h)
  kError,        // anything else; the errno or the library's words travel as detail
};

// The one errno classifier: 0 -> kOk, ECONNREFUSED -> kRefused, ECONNRESET/EPIPE ->
// kReset, ETIMEDOUT -> kTimeout, EHOSTUNREACH & co -> kUnreachable, EINTR ->
// kInterrupted, anything else -> kError.
Outcome classify_errno(int error);

// One word for logs and tests: "ok", "refused", "timeout",
// "unreachable", ...
const char* outcome_word(Outcome outcome);

}  // namespace sockscope::net
