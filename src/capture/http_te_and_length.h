// Public. Wireshark 4.0's expert item "The Content-Length and Transfer-Encoding header
// must not be set together" (packet-http.c, group Malformed: a filter sees it as
// _ws.malformed; it changes neither the summary line nor -z io,phs). Measured with
// tshark 4.0 on make_http.py's messages, requests and responses alike.
#pragma once

#include <cstdint>
#include <string_view>

#include "capture/http_headers.h"

namespace sockscope::capture {

// Whether a Content-Length value is one Wireshark takes (g_ascii_strtoll): blanks, an
// optional sign, digits that fit 64 bits, then the end or a blank; not negative ("-0" is).
// `length`: its value, when it is.
inline bool http_content_length(std::string_view v, std::uint64_t& length) {
  const auto blank = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  std::size_t i = 0;
  while (i < v.size() && blank(v[i])) ++i;
  bool negative = false;
  if (i < v.size() && (v[i] == '+' || v[i] == '-')) negative = v[i++] == '-';
  const std::size_t digits = i;
  std::uint64_t n = 0;
  for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i) {
    n = n * 10 + static_cast<unsigned>(v[i] - '0');
    if (n > (negative ? 0x8000000000000000u : 0x7fffffffffffffffu)) return false;  // ERANGE
  }
  if (i == digits) return false;  // no digit: nothing parsed
  if (negative && n != 0) return false;
  length = n;
  return i == v.size() || blank(v[i]);
}

inline bool http_content_length_valid(std::string_view v) {
  std::uint64_t ignored = 0;
  return http_content_length(v, ignored);
}

// Whether the message's headers, read in order, hold the expert item: a valid
// Content-Length after any Transfer-Encoding, or a Transfer-Encoding (whatever its
// coding, even empty) while the last Content-Length seen was valid (an invalid one
// after a valid one forgets it).
inline bool http_te_and_length(std::string_view message) {
  bool have_length = false, have_coding = false, expert = false;
  for_each_http_header(message,
                       [&](std::string_view, std::string_view name, std::string_view value) {
                         if (http_header_is(name, "content-length")) {
                           have_length = http_content_length_valid(value);
                           expert = expert || (have_length && have_coding);
                         } else if (http_header_is(name, "transfer-encoding")) {
                           expert = expert || have_length;
                           have_coding = true;
                         }
                       });
  return expert;
}

}  // namespace sockscope::capture
