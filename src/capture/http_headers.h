// Public. An HTTP/1.x message's header lines as Wireshark 4.0's packet-http.c reads
// them, for the http.* header fields and the request/response links: each line up to
// the blank one, its name (before the colon) and its value (from the first non-blank
// after the colon to the end of the line, trailing blanks kept).
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace sockscope::capture {

// Where a header line ends as Wireshark's tvb_find_line_end finds it: its CRLF, or, in a
// message the snap length cut, the end of what was captured (a CR last ends the line).
// Returns the line's length from `pos` and sets `next` past its terminator; `cut` when no
// terminator was captured at all.
inline std::size_t http_line_end(std::string_view message, std::size_t pos, std::size_t& next,
                                 bool& cut) {
  const std::size_t eol = message.find("\r\n", pos);
  cut = false;
  if (eol != std::string_view::npos) {
    next = eol + 2;
    return eol - pos;
  }
  next = message.size();
  if (message.back() == '\r') return message.size() - 1 - pos;
  cut = true;
  return message.size() - pos;
}

// Calls `each(line with its terminator, name, value)` for each header line, in order, up
// to the blank line, the first line with no colon (Wireshark's headers end there) or the
// end of `message` (a line the snap length cut is one with what was captured of it).
// (From `pos`: 0 for bytes with no first line, an HTTP Continuation's.)
template <typename Each>
void for_each_http_header_from(std::string_view message, std::size_t pos, Each each) {
  while (pos < message.size()) {
    std::size_t next = 0;
    bool cut = false;
    const std::string_view line = message.substr(pos, http_line_end(message, pos, next, cut));
    const std::size_t colon = line.find(':');
    if (line.empty() || colon == std::string_view::npos) return;
    const std::string_view name = line.substr(0, colon);
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    each(message.substr(pos, next - pos), name, value);
    pos = next;
  }
}

template <typename Each>
void for_each_http_header(std::string_view message, Each each) {
  const std::size_t pos = message.find("\r\n");
  if (pos != std::string_view::npos) for_each_http_header_from(message, pos + 2, each);
}

// Whether Wireshark stops dissecting a message the snap length cut at a header line: the
// last captured line has no colon and no terminator, so HTTP throws past the captured
// bytes looking for one. The header lines before it are in the tree; what HTTP adds
// after the headers (http.request / http.response, http.request.full_uri, the links
// between requests and responses) is not, and the message joins no transaction.
inline bool http_cut_in_a_header_line(std::string_view message) {
  std::size_t pos = message.find("\r\n");
  if (pos == std::string_view::npos) return false;  // cut in the first line: no throw
  pos += 2;
  while (pos < message.size()) {
    std::size_t next = 0;
    bool cut = false;
    const std::string_view line = message.substr(pos, http_line_end(message, pos, next, cut));
    if (line.empty()) return false;
    if (line.find(':') == std::string_view::npos) return cut;
    pos = next;
  }
  return false;
}

// Whether a header's name is `lower` (given in lower case), case ignored.
inline bool http_header_is(std::string_view name, std::string_view lower) {
  if (name.size() != lower.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(name[i])) != lower[i]) return false;
  return true;
}

// The value of the message's last Host header (the one http.request.full_uri names).
inline bool http_last_host(std::string_view message, std::string_view& host) {
  bool found = false;
  for_each_http_header(message,
                       [&](std::string_view, std::string_view name, std::string_view value) {
                         if (!http_header_is(name, "host")) return;
                         host = value;
                         found = true;
                       });
  return found;
}

// A request line's URI: from its first space to the next (empty without one).
inline std::string_view http_request_uri(std::string_view request_line) {
  const std::size_t space = request_line.find(' ');
  if (space == std::string_view::npos) return {};
  const std::string_view rest = request_line.substr(space + 1);
  return rest.substr(0, rest.find(' '));
}

// http.request.full_uri: an absolute URI (or CONNECT's) as it is, else "http://", the
// Host value without blanks either side, and the URI.
inline std::string http_full_uri(std::string_view method, std::string_view uri,
                                 std::string_view host) {
  const auto starts = [](std::string_view s, std::string_view lower) {
    return s.size() >= lower.size() && http_header_is(s.substr(0, lower.size()), lower);
  };
  if (starts(uri, "http://") || starts(uri, "https://") || starts(method, "connect"))
    return std::string(uri);
  const auto space = [](char ch) { return ch == ' ' || (ch >= '\t' && ch <= '\r'); };
  while (!host.empty() && space(host.front())) host.remove_prefix(1);
  while (!host.empty() && space(host.back())) host.remove_suffix(1);
  std::string full("http://");
  full.append(host).append(uri);
  return full;
}

}  // namespace sockscope::capture
