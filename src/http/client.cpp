#include "http/client.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include "core/error.h"
#include "core/text.h"
#include "net/connector.h"
#include "net/read_until.h"
#include "net/stream.h"
#include "net/tls_stream.h"

namespace sockscope::http {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

bool is_token(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f &&
           std::string_view("()<>@,;:\\\"/[]?={}").find(c) == std::string_view::npos;
  });
}

bool has_line_break(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// The exchange over a connected socket: handshake (https), request, response.
FetchResult exchange(int fd, const RequestOptions& options, TimePoint deadline,
                     const Clock& clock) {
  FetchResult result;
  std::unique_ptr<net::Stream> stream;
  if (options.url.tls) {
    net::IoResult failure;
    stream = net::TlsStream::handshake(fd, {options.url.host, options.verify_tls}, deadline,
                                       failure, clock);
    if (!stream) {
      bool closed = failure.outcome == net::Outcome::kClosed;
      bool waited = failure.outcome == net::Outcome::kTimeout ||
                    failure.outcome == net::Outcome::kInterrupted;
      result.outcome = closed   ? net::Outcome::kBadReply
                       : waited ? failure.outcome
                                : net::Outcome::kTlsFailed;
      result.detail =
          closed ? "the server closed the connection during the TLS handshake" : failure.error;
      return result;
    }
  } else {
    stream = std::make_unique<net::PlainStream>(fd, clock);
  }
  net::IoResult sent = stream->write_all(build_request(options), deadline);
  if (sent.outcome != net::Outcome::kOk) {
    result.outcome = sent.outcome;
    result.detail = sent.error;
    return result;
  }
  ResponseParser parser(options.head, options.limits);
  ParseState state = ParseState::kNeedMore;
  net::ReadResult read =
      net::read_until(*stream, net::ReadRule{}, deadline, [&](std::string_view bytes) {
        state = parser.feed(bytes);
        return state == ParseState::kNeedMore;
      });
  if (read.end == net::ReadEnd::kClosed) state = parser.finish();
  result.response = parser.response();
  if (read.end == net::ReadEnd::kFailed) {
    // Past the handshake a TLS failure is a broken stream like any other.
    result.outcome = read.failure == net::Outcome::kTlsFailed ? net::Outcome::kError : read.failure;
    result.detail = read.detail;
    return result;
  }
  result.outcome = state == ParseState::kComplete ? net::Outcome::kOk : net::Outcome::kBadReply;
  result.detail = parser.error();
  return result;
}

}  // namespace

std::pair<std::string, std::string> parse_header_arg(std::string_view text) {
  std::size_t colon = text.find(':');
  std::string_view name = text.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? "" : text.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  if (colon == std::string_view::npos || !is_token(name) || has_line_break(value)) {
    throw usage_error("bad --header '" + escape_nonprintable(text) +
                      "': expected 'Name: value' on one line");
  }
  return {std::string(name), std::string(value)};
}

std::string build_request(const RequestOptions& options) {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Host", options.url.host_header},
      {"User-Agent", options.user_agent},
      {"Accept", "*/*"},
      {"Connection", "close"},
  };
  for (const auto& extra : options.headers) {
    auto same = std::find_if(headers.begin(), headers.end(),
                             [&](const auto& h) { return same_name(h.first, extra.first); });
    if (same != headers.end() && same - headers.begin() < 4) {  // one of our four
      same->second = extra.second;
    } else {
      headers.push_back(extra);
    }
  }
  std::string request = options.head ? "HEAD " : "GET ";
  request.append(options.url.target).append(" HTTP/1.1\r\n");
  for (const auto& [name, value] : headers)
    request.append(name).append(": ").append(value).append("\r\n");
  request.append("\r\n");
  return request;
}

FetchResult fetch(const RequestOptions& options, const Clock& clock) {
  TimePoint deadline = clock.now() + options.timeout;
  net::HostConnectResult conn =
      net::connect_to_host(options.url.host, options.url.port, options.timeout, clock);
  FetchResult result;
  if (!conn.resolved) {
    result.outcome = net::Outcome::kUnknownHost;
    result.detail = conn.resolve_error;
    return result;
  }
  if (conn.connection.outcome != net::Outcome::kOk) {
    result.outcome = conn.connection.outcome;
    result.detail = conn.connection.error != 0 ? std::strerror(conn.connection.error) : "";
  } else {
    result = exchange(conn.connection.fd.get(), options, deadline, clock);
  }
  result.peer = conn.peer;
  return result;
}

std::string describe_failure(const FetchResult& result, const RequestOptions& options) {
  switch (result.outcome) {
    case net::Outcome::kOk:
      return "response received";
    case net::Outcome::kRefused:
      return "connection refused";
    case net::Outcome::kTimeout:
      return "timed out after " + format_seconds(options.timeout) + " s";
    case net::Outcome::kUnreachable:
      return "no route to " + options.url.host;
    case net::Outcome::kUnknownHost:
      return "unknown host " + options.url.host;
    case net::Outcome::kTlsFailed:
      return "TLS: " + result.detail;
    case net::Outcome::kClosed:
    case net::Outcome::kBadReply:
      return "bad response: " +
             (result.detail.empty() ? std::string("the server closed early") : result.detail);
    case net::Outcome::kInterrupted:
      return "interrupted";
    default:
      return result.detail.empty() ? "request failed" : result.detail;
  }
  return "request failed";
}

}  // namespace sockscope::http
