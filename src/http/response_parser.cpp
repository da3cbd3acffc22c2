#include "http/response_parser.h"

#include <algorithm>
#include <optional>

#include "core/text.h"

namespace sockscope::http {
namespace {

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_token_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return false;
  return std::string_view("()<>@,;:\\\"/[]?={}").find(c) == std::string_view::npos;
}

// A short, terminal-safe quote of peer text for error messages.
std::string quote(std::string_view text) {
  std::string out = "'";
  out.append(escape_nonprintable(text.substr(0, 40)));
  out.append(text.size() > 40 ? "...'" : "'");
  return out;
}

// True while `start` can still begin "HTTP/".
bool looks_like_http(std::string_view start) {
  std::string_view prefix = "HTTP/";
  std::size_t n = std::min(start.size(), prefix.size());
  return start.substr(0, n) == prefix.substr(0, n);
}

}  // namespace

const std::string* Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return &value;
  }
  return nullptr;
}

ResponseParser::ResponseParser(bool no_body, ParserLimits limits)
    : no_body_(no_body), limits_(limits) {}

void ResponseParser::fail(ParseState state, std::string why) {
  state_ = state;
  error_ = std::move(why);
}

// Moves bytes up to and including '\n' into line_; true when a whole line is there
// (its "\r\n" or "\n" removed).
bool ResponseParser::take_line(std::string_view& bytes, std::string& line) {
  std::size_t nl = bytes.find('\n');
  std::size_t take = nl == std::string_view::npos ? bytes.size() : nl + 1;
  if (line_.size() + take > limits_.max_line + 2) {
    fail(ParseState::kInvalid, "a line longer than " + std::to_string(limits_.max_line) + " bytes");
    return false;
  }
  line_.append(bytes.substr(0, take));
  bytes.remove_prefix(take);
  if (phase_ == Phase::kStatus || phase_ == Phase::kHeaders || phase_ == Phase::kTrailers) {
    head_bytes_ += take;
    if (head_bytes_ > limits_.max_head) {
      fail(ParseState::kInvalid,
           "a head longer than " + std::to_string(limits_.max_head) + " bytes");
      return false;
    }
  }
  if (nl == std::string_view::npos) return false;
  line_.pop_back();
  if (!line_.empty() && line_.back() == '\r') line_.pop_back();
  line = std::move(line_);
  line_.clear();
  return true;
}

void ResponseParser::on_status_line(const std::string& line) {
  // HTTP/1.1 200 OK
  std::string_view s = line;
  bool version_ok = s.size() >= 8 && s.substr(0, 5) == "HTTP/" && s[5] >= '0' && s[5] <= '9' &&
                    s[6] == '.' && s[7] >= '0' && s[7] <= '9';
  if (!version_ok) return fail(ParseState::kInvalid, "not an HTTP response: " + quote(s));
  long long code = 0;
  if (s.size() < 12 || s[8] != ' ' || !parse_decimal(s.substr(9, 3), 100, 999, code) ||
      (s.size() > 12 && s[12] != ' ')) {
    return fail(ParseState::kInvalid, "bad status line " + quote(s));
  }
  response_ = Response{};
  response_.version = std::string(s.substr(0, 8));
  response_.status = static_cast<int>(code);
  response_.reason = s.size() > 13 ? std::string(s.substr(13)) : "";
  response_.head = line + "\n";
  phase_ = Phase::kHeaders;
}

void ResponseParser::on_header_line(const std::string& line) {
  if (line.front() == ' ' || line.front() == '\t') {  // obsolete folding: continues the last value
    if (response_.headers.empty()) return fail(ParseState::kInvalid, "a continuation line first");
    std::string& value = response_.headers.back().second;
    value.push_back(' ');
    value.append(trim_spaces(line));
    response_.head += line + "\n";
    return;
  }
  std::size_t colon = line.find(':');
  std::string_view name = std::string_view(line).substr(0, colon);
  if (colon == std::string::npos || name.empty() ||
      !std::all_of(name.begin(), name.end(), is_token_char)) {
    return fail(ParseState::kInvalid, "bad header line " + quote(line));
  }
  if (response_.headers.size() >= limits_.max_headers) {
    return fail(ParseState::kInvalid,
                "more than " + std::to_string(limits_.max_headers) + " headers");
  }
  response_.headers.emplace_back(
      std::string(name), std::string(trim_spaces(std::string_view(line).substr(colon + 1))));
  response_.head += line + "\n";
}

void ResponseParser::end_of_head() {
  int status = response_.status;
  if (status >= 100 && status < 200 &&
      status != 101) {  // interim (100 Continue): the real one follows
    phase_ = Phase::kStatus;
    return;
  }
  if (no_body_ || status == 101 || status == 204 || status == 304) {
    phase_ = Phase::kDone;
    state_ = ParseState::kComplete;
    return;
  }
  if (const std::string* te = response_.header("Transfer-Encoding")) {
    std::string_view last = *te;
    if (std::size_t comma = last.rfind(','); comma != std::string_view::npos) {
      last = last.substr(comma + 1);
    }
    if (iequals(trim_spaces(last), "chunked")) {
      framing_ = Framing::kChunked;
      phase_ = Phase::kChunkSize;
      return;
    }
    framing_ = Framing::kUntilClose;  // another coding: the body runs to the close
    phase_ = Phase::kBody;
    return;
  }
  std::optional<long long> length;
  for (const auto& [name, value] : response_.headers) {
    if (!iequals(name, "Content-Length")) continue;
    long long n = 0;
    if (!parse_decimal(value, 0, static_cast<long long>(limits_.max_body), n)) {
      return fail(ParseState::kInvalid, "bad or too large Content-Length " + quote(value) +
                                            " (at most " + std::to_string(limits_.max_body) + ")");
    }
    if (length && *length != n)
      return fail(ParseState::kInvalid, "conflicting Content-Length headers");
    length = n;
  }
  if (length) {
    framing_ = Framing::kLength;
    remaining_ = static_cast<std::size_t>(*length);
    phase_ = remaining_ == 0 ? Phase::kDone : Phase::kBody;
    if (remaining_ == 0) state_ = ParseState::kComplete;
    return;
  }
  framing_ = Framing::kUntilClose;
  phase_ = Phase::kBody;
}

void ResponseParser::on_chunk_size(const std::string& line) {
  std::string_view hex = trim_spaces(std::string_view(line).substr(0, line.find(';')));
  if (hex.empty() || hex.size() > 15)
    return fail(ParseState::kInvalid, "bad chunk size " + quote(line));
  std::size_t size = 0;
  for (char c : hex) {
    int digit = hex_digit(c);
    if (digit < 0) return fail(ParseState::kInvalid, "bad chunk size " + quote(line));
    size = size * 16 + static_cast<std::size_t>(digit);  // at most 15 digits: no overflow
  }
  if (size > limits_.max_body - response_.body.size()) {
    return fail(ParseState::kInvalid,
                "a body larger than " + std::to_string(limits_.max_body) + " bytes");
  }
  remaining_ = size;
  phase_ = size == 0 ? Phase::kTrailers : Phase::kChunkData;
}

void ResponseParser::add_body(std::string_view bytes) {
  if (bytes.size() > limits_.max_body - response_.body.size()) {
    return fail(ParseState::kInvalid,
                "a body larger than " + std::to_string(limits_.max_body) + " bytes");
  }
  response_.body.append(bytes);
}

ParseState ResponseParser::feed(std::string_view bytes) {
  std::string line;
  while (state_ == ParseState::kNeedMore && !bytes.empty()) {
    switch (phase_) {
      case Phase::kStatus:
        if (take_line(bytes, line)) {
          on_status_line(line);
        } else if (state_ == ParseState::kNeedMore && !looks_like_http(line_)) {
          // Say so at once: a banner-first service (SSH, SMTP) would otherwise hold us
          // until the timeout waiting for a line end.
          fail(ParseState::kInvalid, "not an HTTP response: " + quote(line_));
        }
        break;
      case Phase::kHeaders:
        if (!take_line(bytes, line)) break;
        if (line.empty()) {
          end_of_head();
        } else {
          on_header_line(line);
        }
        break;
      case Phase::kBody:
      case Phase::kChunkData: {
        std::size_t n = bytes.size();
        if (framing_ != Framing::kUntilClose) n = std::min(n, remaining_);
        add_body(bytes.substr(0, n));
        bytes.remove_prefix(n);
        if (framing_ == Framing::kUntilClose) break;
        remaining_ -= n;
        if (remaining_ == 0 && phase_ == Phase::kChunkData) phase_ = Phase::kChunkDataEnd;
        if (remaining_ == 0 && phase_ == Phase::kBody) {
          phase_ = Phase::kDone;
          state_ = ParseState::kComplete;
        }
        break;
      }
      case Phase::kChunkDataEnd:
        if (!take_line(bytes, line)) break;
        if (!line.empty()) fail(ParseState::kInvalid, "chunk data longer than its size");
        phase_ = Phase::kChunkSize;
        break;
      case Phase::kChunkSize:
        if (take_line(bytes, line)) on_chunk_size(line);
        break;
      case Phase::kTrailers:
        if (!take_line(bytes, line)) break;
        if (line.empty()) {
          phase_ = Phase::kDone;
          state_ = ParseState::kComplete;
        }
        break;
      case Phase::kDone:
        state_ = ParseState::kComplete;
        break;
    }
  }
  return state_;
}

ParseState ResponseParser::finish() {
  if (state_ != ParseState::kNeedMore) return state_;
  if (phase_ == Phase::kBody && framing_ == Framing::kUntilClose) {
    state_ = ParseState::kComplete;
  } else if (phase_ == Phase::kStatus && head_bytes_ == 0) {
    fail(ParseState::kTruncated, "the server closed without a response");
  } else {
    bool in_head = phase_ == Phase::kStatus || phase_ == Phase::kHeaders;
    fail(ParseState::kTruncated,
         std::string("the server closed in the middle of the ") + (in_head ? "headers" : "body"));
  }
  return state_;
}

}  // namespace sockscope::http
