// Public. An HTTP/1.x message's header lines as Wireshark 4.0's packet-http.c reads
// them, for the http.* header fields and the request/response links: each line up to
// the blank one, its name (before the colon) and its value (from the first non-blank
// after the colon to the end of the line, trailing blanks kept).
#pragma once

#include <cctype>
#include <string_view>

namespace sockscope::capture {

// Calls `each(line with its CRLF, name, value)` for each header line, in order, up to the
// blank line or the end of `message` (a line without its CRLF is not one).
template <typename Each>
void for_each_http_header(std::string_view message, Each each) {
  std::size_t pos = message.find("\r\n");
  while (pos != std::string_view::npos) {
    pos += 2;
    const std::size_t eol = message.find("\r\n", pos);
    if (eol == std::string_view::npos || eol == pos) return;
    const std::string_view line = message.substr(pos, eol - pos);
    const std::size_t colon = line.find(':');
    std::string_view name, value;
    if (colon != std::string_view::npos) {
      name = line.substr(0, colon);
      value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    }
    each(message.substr(pos, eol + 2 - pos), name, value);
    pos = eol;
  }
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

}  // namespace sockscope::capture
