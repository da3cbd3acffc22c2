// Public. `sockscope http` as a library call: one HTTP/1.1 request (GET or HEAD) with
// Host, User-Agent and Connection: close, over TCP or TLS, and the parsed response.
// One deadline covers resolving, connecting, the TLS handshake, the request and the
// whole response; Ctrl-C/SIGTERM end it early (net/interrupt.h). Redirects are not
// followed: a 301 is a response like any other.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "http/response_parser.h"
#include "http/url.h"
#include "net/address.h"
#include "net/outcome.h"

namespace sockscope::http {

struct RequestOptions {
  Url url;
  bool head = false;  // HEAD instead of GET: the response head only
  std::string user_agent = std::string("sockscope/") + SOCKSCOPE_VERSION;
  // Extra headers; one named Host, User-Agent, Accept or Connection replaces ours.
  std::vector<std::pair<std::string, std::string>> headers;
  Duration timeout = std::chrono::seconds(10);
  bool verify_tls = true;  // false: accept any certificate (--insecure)
  ParserLimits limits;
};

struct FetchResult {
  // kOk: a whole response (see `response`); kTlsFailed: handshake or certificate;
  // kBadReply: the peer's bytes are not HTTP, exceed a limit, or stop early; else the
  // connection's outcome (refused, timeout, unreachable, unknown host, interrupted, ...).
  net::Outcome outcome = net::Outcome::kError;
  net::Endpoint peer;  // the address used
  Response response;   // complete when kResponse; what arrived so far otherwise
  std::string detail;  // why, for people
};

// "Name: value" as typed on the command line; throws a usage error naming the text
// when the name is not an HTTP token or the value holds a line break.
std::pair<std::string, std::string> parse_header_arg(std::string_view text);

// The request bytes, exactly as sent.
std::string build_request(const RequestOptions& options);

FetchResult fetch(const RequestOptions& options, const Clock& clock = SteadyClock::instance());

// One line for people: "connection refused", "timed out after 10 s", ...
std::string describe_failure(const FetchResult& result, const RequestOptions& options);

}  // namespace sockscope::http
