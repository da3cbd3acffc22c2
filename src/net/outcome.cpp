#include "net/outcome.h"

#include <cerrno>

namespace sockscope::net {

Outcome classify_errno(int error) {
  switch (error) {
    case 0:
      return Outcome::kOk;
    case ECONNREFUSED:
      return Outcome::kRefused;
    case ECONNRESET:
    case EPIPE:
      return Outcome::kReset;
    case ETIMEDOUT:
      return Outcome::kTimeout;
    case EHOSTUNREACH:
    case ENETUNREACH:
    case EHOSTDOWN:
    case ENETDOWN:
    case EADDRNOTAVAIL:
      return Outcome::kUnreachable;
    case EINTR:
      return Outcome::kInterrupted;
    default:
      return Outcome::kError;
  }
}

const char* outcome_word(Outcome outcome) {
  switch (outcome) {
    case Outcome::kOk:
      return "ok";
    case Outcome::kClosed:
      return "closed";
    case Outcome::kRefused:
      return "refused";
    case Outcome::kReset:
      return "reset";
    case Outcome::kTimeout:
      return "timeout";
    case Outcome::kUnreachable:
      return "unreachable";
    case Outcome::kUnknownHost:
      return "name_error";
    case Outcome::kTlsFailed:
      return "tls_failed";
    case Outcome::kBadReply:
      return "bad_reply";
    case Outcome::kInterrupted:
      return "interrupted";
    case Outcome::kError:
      return "error";
  }
  return "error";
}

}  // namespace sockscope::net
