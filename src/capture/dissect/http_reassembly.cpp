#include "capture/dissect/http_reassembly.h"

#include "capture/dissect/dissect.h"
#include "capture/http_headers.h"
#include "capture/http_te_and_length.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace sockscope::capture {
namespace {

bool iequals_prefix(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  return true;
}

std::string_view trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
    v.remove_suffix(1);
  return v;
}

// Length of a chunked body starting at `body`, 0 while incomplete.
std::uint64_t chunked_length(std::string_view body) {
  std::size_t pos = 0;
  for (;;) {
    std::size_t eol = body.find("\r\n", pos);
    if (eol == std::string_view::npos) return 0;
    std::string size_text(body.substr(pos, eol - pos));
    char* end = nullptr;
    unsigned long long size = std::strtoull(size_text.c_str(), &end, 16);
    if (end == size_text.c_str()) return 0;
    pos = eol + 2;
    if (size == 0) {  // trailers end with an empty line
      std::size_t blank = body.find("\r\n", pos);
      while (blank != std::string_view::npos && blank != pos) {
        pos = blank + 2;
        blank = body.find("\r\n", pos);
      }
      return blank == std::string_view::npos ? 0 : blank + 2;
    }
    if (size > body.size() || pos + size + 2 > body.size()) return 0;
    pos += size + 2;
  }
}

}  // namespace

bool http_header_value(std::string_view text, std::string_view name, std::string_view& value) {
  std::size_t end = text.find("\r\n\r\n");
  for (std::size_t pos = text.find("\r\n"); pos < end; pos = text.find("\r\n", pos + 2)) {
    std::string_view line = text.substr(pos + 2, text.find("\r\n", pos + 2) - pos - 2);
    if (line.size() <= name.size() || line[name.size()] != ':' || !iequals_prefix(line, name))
      continue;
    value = trim(line.substr(name.size() + 1));
    return true;
  }
  return false;
}

std::string_view http_first_line(std::string_view message) {
  return message.substr(0, message.find("\r\n"));
}

bool http_first_line_captured(std::string_view message) {
  return message.find("\r\n") != std::string_view::npos;
}

bool http_cut_continuation(const Packet& p) {
  return p.http == Packet::HttpPart::kCut && !http_first_line_captured(as_text(p.http_message)) &&
         p.http_links.after_request;
}

bool starts_http_message(std::string_view text) {
  static constexpr std::string_view kStarts[] = {"GET ",    "POST ",    "HEAD ",  "PUT ",
                                                 "DELETE ", "OPTIONS ", "PATCH ", "CONNECT ",
                                                 "TRACE ",  "HTTP/"};
  for (auto s : kStarts)
    if (text.substr(0, s.size()) == s) return true;
  return false;
}

namespace {

// What a message's headers say of its body's length (the last Content-Length and
// Transfer-Encoding lines count, as Wireshark's scan keeps the last it reads).
struct BodyHeaders {
  std::uint64_t head = 0;  // the headers' length, blank line included
  bool response = false;
  int status = 0;  // a response's
  bool has_length = false, chunked = false;
  std::uint64_t content_length = 0;
};

// False while the headers are not whole.
bool scan_body_headers(std::string_view text, BodyHeaders& b) {
  std::size_t end = text.find("\r\n\r\n");
  if (end == std::string_view::npos) return false;
  b.head = end + 4;
  b.response = text.substr(0, 5) == "HTTP/";
  std::size_t pos = text.find("\r\n") + 2;
  while (pos < end + 2) {
    std::size_t eol = text.find("\r\n", pos);
    std::string_view line = text.substr(pos, eol - pos);
    if (iequals_prefix(line, "content-length:")) {
      std::string value(trim(line.substr(15)));
      char* stop = nullptr;
      b.content_length = std::strtoull(value.c_str(), &stop, 10);
      b.has_length = stop != value.c_str();
    } else if (iequals_prefix(line, "transfer-encoding:")) {
      std::string_view value = trim(line.substr(18));
      b.chunked = value.size() >= 7 && iequals_prefix(value.substr(value.size() - 7), "chunked");
    }
    pos = eol + 2;
  }
  if (b.response) b.status = std::atoi(std::string(text.substr(9, 3)).c_str());
  return true;
}

// 1xx, 204 and 304 have no body whatever the headers say.
bool status_without_body(int status) {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

}  // namespace

std::uint64_t http_message_length(std::string_view text, std::uint64_t received) {
  BodyHeaders b;
  if (!scan_body_headers(text, b)) return 0;
  if (b.response && status_without_body(b.status)) return b.head;
  if (b.chunked) {
    if (received > text.size()) return 0;  // the body was not all kept: cannot parse it
    std::uint64_t body = chunked_length(text.substr(b.head));
    return body == 0 ? 0 : b.head + body;
  }
  if (b.has_length) return received >= b.head + b.content_length ? b.head + b.content_length : 0;
  return b.head;  // no length: see http_body_until_close
}

bool http_body_until_close(std::string_view text, std::string_view request_method) {
  BodyHeaders b;
  if (!scan_body_headers(text, b) || !b.response || b.has_length || b.chunked) return false;
  if (status_without_body(b.status) || request_method == "HEAD") return false;
  return !(b.status / 100 == 2 &&
           (request_method == "CONNECT" || request_method == "SSTP_DUPLEX_POST"));
}

// Data on an HTTP port that starts no message, on a connection where HTTP read a request
// line before (Wireshark 4.0's have_seen_http): HTTP names it "Continuation". Past an
// optional leading CRLF, a first byte that is no printable character goes to `data`
// whole, leading CRLF and all. Else HTTP reads lines as a message's: those with a colon
// as header lines, up to a blank line (after which the data starts) or a line with no
// colon (where it starts). A first line with no end has HTTP wait for more segments
// (HttpReassembler joins them) unless the snap length cut it: then it is a header line if
// it has a colon, else data; a later line with no end is not followed.
namespace {

// Where HTTP starts reading a payload: past one leading CRLF (of a longer payload).
std::size_t past_leading_crlf(std::string_view text) {
  return text.size() > 3 && text.substr(0, 2) == "\r\n" ? 2 : 0;
}

}  // namespace

bool http_continuation_is_binary(std::string_view text) {
  const std::size_t start = past_leading_crlf(text);
  if (start >= text.size()) return false;
  const unsigned char first = static_cast<unsigned char>(text[start]);
  return first < 0x20 || first > 0x7e;
}

std::size_t http_continuation_data(std::string_view text, bool cut) {
  const std::size_t start = past_leading_crlf(text);
  // (a message after a leading CRLF is HTTP's message, not followed here)
  if (start >= text.size() || starts_http_message(text.substr(start)))
    return std::string_view::npos;
  if (http_continuation_is_binary(text)) return 0;
  for (std::size_t pos = start;;) {
    if (pos >= text.size()) return text.size();  // header lines only: no data
    const std::size_t eol = text.find_first_of("\r\n", pos);
    const std::string_view line = text.substr(pos, eol - pos);
    const bool colon = line.find(':') != std::string_view::npos;
    if (eol == std::string_view::npos) {
      if (pos == start && cut) return colon ? text.size() : pos;
      return std::string_view::npos;
    }
    if (!colon) return eol == pos ? eol + (text.substr(eol, 2) == "\r\n" ? 2 : 1) : pos;
    pos = eol + (text.substr(eol, 2) == "\r\n" ? 2 : 1);
  }
}

Bytes http_continuation_pdu(const Packet& p) {
  return p.http_pdu.empty() ? p.payload : p.http_pdu;
}

std::size_t http_continuation_data(const Packet& p) {
  return http_continuation_data(as_text(http_continuation_pdu(p)),
                                p.http_pdu.empty() && p.payload.size() < p.payload_len);
}

bool http_continuation_has_data(const Packet& p) {
  // (header lines to the end of what was captured: HTTP threw looking for their end)
  return http_continuation_data(p) < http_continuation_pdu(p).size();
}

namespace {

// What a Continuation's header lines say of its body (the last of each counts).
struct ContinuationHeaders {
  std::string_view type, length;
  bool has_type = false, has_length = false, has_coding = false;
};

ContinuationHeaders continuation_headers(const Packet& p) {
  ContinuationHeaders h;
  if (http_continuation_is_binary(as_text(http_continuation_pdu(p)))) return h;
  for_each_http_header_from(as_text(p.http_message), 0,
                            [&h](std::string_view, std::string_view name, std::string_view value) {
                              if (http_header_is(name, "content-type")) {
                                h.type = value;
                                h.has_type = true;
                              } else if (http_header_is(name, "content-length")) {
                                h.length = value;
                                h.has_length = true;
                              } else if (http_header_is(name, "transfer-encoding")) {
                                h.has_coding = true;
                              }
                            });
  return h;
}

}  // namespace

Bytes http_continuation_body(const Packet& p) {
  if (!http_continuation_has_data(p)) return {};
  const Bytes pdu = http_continuation_pdu(p);
  Bytes body = pdu.subspan(http_continuation_data(p));
  const ContinuationHeaders h = continuation_headers(p);
  if (std::uint64_t length = 0;
      h.has_length && !h.has_coding && http_content_length(h.length, length))
    if (length < body.size()) body = body.first(length);
  return body;
}

std::string_view http_continuation_type(const Packet& p) {
  const ContinuationHeaders h = continuation_headers(p);
  return h.has_type ? trim(h.type.substr(0, h.type.find(';'))) : std::string_view{};
}

const char* http_continuation_layer(const Packet& p) {
  if (!http_continuation_has_data(p)) return nullptr;
  const ContinuationHeaders h = continuation_headers(p);
  return h.has_type ? http_media_layer(h.type) : "data";
}

void HttpReassembler::begin(Packet& p, std::uint64_t key, Bytes pdu, bool cut, bool fin,
                            bool joined, const HttpTransactions& links) {
  const std::string_view text = as_text(pdu);
  // `joined`: bytes TCP reassembled (frames_, the joined segments; their bytes in
  // message_): the segment shows them whatever HTTP makes of them.
  if (joined) {
    p.tcp_segments = std::span<const std::uint32_t>(frames_.data(), frames_.size());
    p.tcp_reassembled_len = pdu.size();
    p.http_pdu = pdu;
  }
  // A message may start past a leading CRLF (RFC 7230 3.5: a server ignores one), and
  // HTTP reads it from there: the PDU it has TCP reassemble starts there too.
  const std::size_t skip = past_leading_crlf(text);
  if (!starts_http_message(text.substr(skip))) {
    // A printable line with no end: HTTP asks TCP for one more segment to find its end
    // (on any connection), from past a leading CRLF (add_on_http_port joins them).
    if (!cut && !joined && skip < text.size() && !http_continuation_is_binary(text) &&
        text.find_first_of("\r\n", skip) == std::string_view::npos) {
      Half& h = halves_[key];
      h = Half{};
      h.active = true;
      h.line_pending = true;
      h.kept.assign(pdu.begin() + static_cast<std::ptrdiff_t>(skip), pdu.end());
      h.next_seq = p.tcpa.rel_seq + p.payload_len;
      h.frames.assign(1, p.number);
      p.http = Packet::HttpPart::kSegment;
      p.http_after_crlf = skip != 0;
      return;
    }
    // Where no request was read, HTTP makes a layer of header lines only: a first line
    // (past a leading CRLF) with a colon, and the lines after it as a Continuation's.
    // (or, in a payload the snap length cut, a first line with no colon that is not blank:
    // HTTP hands the payload to `data` with no tree, whose read past the capture throws,
    // so that frame.protocols keeps both layers: Packet::http_no_tree)
    const bool seen = links.seen_request(p.stream);
    const std::size_t eol = text.find_first_of("\r\n", skip);
    const bool colon = text.substr(skip, eol - skip).find(':') != std::string_view::npos;
    if ((seen || (!http_continuation_is_binary(text) && (colon || (cut && eol != skip)))) &&
        http_continuation_data(text, cut) != std::string_view::npos) {
      p.http = Packet::HttpPart::kContinuation;  // the layer from past a leading CRLF
      p.http_message = pdu.subspan(skip);
      p.http_after_crlf = skip != 0;
      p.http_no_request = !seen;
      p.http_no_tree = !seen && !colon;
    }
    return;
  }
  const Bytes bytes = pdu.subspan(skip);
  const std::string_view message = text.substr(skip);
  p.http_after_crlf = skip != 0;
  if (cut) {  // cut: no reassembly, the fields it has
    p.http = Packet::HttpPart::kCut;
    p.http_message = bytes;
    p.http_cut_in_header = http_cut_in_a_header_line(message);
    return;
  }
  std::uint64_t length = http_message_length(message, message.size());
  // A body until the close that this very segment brings (Wireshark's end_of_stream):
  // no reassembly, the body is the rest of the segment.
  const bool until_fin =
      length > 0 && http_body_until_close(message, links.request_method(p.stream));
  if (until_fin && fin) length = message.size();
  if (length > 0 && (!until_fin || fin)) {  // whole: nothing to keep
    p.http = Packet::HttpPart::kMessage;
    p.http_message = bytes.first(std::min<std::size_t>(length, bytes.size()));
    return;
  }
  Half& h = halves_[key];
  h = Half{};
  h.active = true;
  h.until_fin = until_fin;
  h.kept.assign(bytes.begin(), bytes.end());
  h.received = bytes.size();
  h.next_seq = p.tcpa.rel_seq + p.payload_len;
  h.headers_done = message.find("\r\n\r\n") != std::string_view::npos;
  h.searched = h.kept.size();
  if (joined)
    h.frames = frames_;
  else
    h.frames.assign(1, p.number);
  p.tcp_segments = {};  // (not yet reassembled)
  p.tcp_reassembled_len = 0;
  p.http_pdu = {};
  p.http = Packet::HttpPart::kSegment;
  p.http_in_headers = true;
  p.http_message = Bytes(h.kept.data(), h.kept.size());
}

void HttpReassembler::add_on_http_port(Packet& p, int direction, const HttpTransactions& links) {
  if (p.tcpa.flags & kNoSubdissector) return;
  const std::uint64_t key = static_cast<std::uint64_t>(p.stream) * 2 + direction;
  auto found = halves_.find(key);
  const bool fin = (p.tcp.flags & kFin) != 0;
  // A FIN with no data reaches HTTP only as the end of a body that runs until it.
  if (p.payload_len == 0 && !(fin && found != halves_.end() && found->second.until_fin)) return;
  // HTTP parses a payload the snap length cut past what was captured, and throws there
  // (a payload with no byte captured reaches no dissector: tcp.cpp), unless it hands a
  // Continuation that starts with no printable character to `data` at once.
  const std::string_view text = as_text(p.payload);
  if (p.payload.size() < p.payload_len) {
    if (p.payload.empty()) return;
    // (nor where no request was read and its first line is blank: HTTP takes nothing)
    const std::size_t skip = past_leading_crlf(text);
    const std::size_t eol = text.find_first_of("\r\n", skip);
    const bool seen = links.seen_request(p.stream);
    const bool takes_nothing = found == halves_.end() && !starts_http_message(text.substr(skip)) &&
                               (seen ? http_continuation_is_binary(text) : eol == skip);
    if (!takes_nothing) mark_truncated(p, "HTTP");
  }
  if (found == halves_.end() || !found->second.active) {
    begin(p, key, p.payload, p.payload.size() < p.payload_len, fin, false, links);
    return;
  }
  Half& h = found->second;
  if (p.tcpa.rel_seq != h.next_seq || p.payload.size() < p.payload_len) {
    const bool line_pending = h.line_pending;
    const bool cut = p.payload.size() < p.payload_len;
    halves_.erase(found);  // a gap, reordering or a cut segment: give this message up
    // (TCP cannot add a cut segment to a PDU: HTTP reads the segment on its own)
    if (cut || line_pending) begin(p, key, p.payload, cut, fin, false, links);
    return;
  }
  if (h.line_pending) {
    // One more segment for a first line with no end: join it; while the line still has
    // no end, ask for one more again; then dissect the joined bytes as one payload.
    h.kept.insert(h.kept.end(), p.payload.begin(), p.payload.end());
    h.frames.push_back(p.number);
    const std::string_view joined(reinterpret_cast<const char*>(h.kept.data()), h.kept.size());
    if (joined.find_first_of("\r\n") == std::string_view::npos && h.kept.size() < kMaxHeaders) {
      h.next_seq = p.tcpa.rel_seq + p.payload_len;
      p.http = Packet::HttpPart::kSegment;
      return;
    }
    message_ = std::move(h.kept);
    frames_ = std::move(h.frames);
    halves_.erase(found);
    begin(p, key, Bytes(message_.data(), message_.size()), false, fin, true, links);
    return;
  }
  // This segment still carries header bytes when the headers were not whole before it.
  const bool in_headers = !h.headers_done;
  std::size_t room = h.kept.size() < kMaxKept ? kMaxKept - h.kept.size() : 0;
  h.kept.insert(h.kept.end(), p.payload.begin(),
                p.payload.begin() + std::min<std::size_t>(room, p.payload.size()));
  h.received += p.payload.size();
  h.next_seq = p.tcpa.rel_seq + p.payload_len;
  h.frames.push_back(p.number);
  std::string_view kept(reinterpret_cast<const char*>(h.kept.data()), h.kept.size());
  if (!h.headers_done) {
    // Search only what this segment added (and the 3 bytes before it): linear, not
    // quadratic, over a long header block; give up on headers beyond kMaxHeaders.
    std::size_t from = h.searched > 3 ? h.searched - 3 : 0;
    h.headers_done = kept.find("\r\n\r\n", from) != std::string_view::npos;
    h.searched = kept.size();
    if (!h.headers_done && kept.size() >= kMaxHeaders) {
      halves_.erase(found);
      return;
    }
    if (h.headers_done) h.until_fin = http_body_until_close(kept, links.request_method(p.stream));
  }
  // Without the header end nothing can be complete: skip the parse. A body until the
  // close is complete with the FIN (this segment's bytes and all before it).
  std::uint64_t length = 0;
  if (h.until_fin)
    length = fin ? h.received : 0;
  else if (h.headers_done)
    length = http_message_length(kept, h.received);
  if (length == 0) {
    p.http = Packet::HttpPart::kSegment;
    p.http_in_headers = in_headers;
    p.http_message = Bytes(h.kept.data(), h.kept.size());
    return;
  }
  const bool h_until_fin = h.until_fin;
  message_ = std::move(h.kept);
  frames_ = std::move(h.frames);
  halves_.erase(found);
  p.tcp_segments = std::span<const std::uint32_t>(frames_.data(), frames_.size());
  p.tcp_reassembled_len = length;
  p.http = Packet::HttpPart::kMessage;
  p.http_at_fin = h_until_fin;
  p.http_message = Bytes(message_.data(), std::min<std::size_t>(message_.size(), length));
}

}  // namespace sockscope::capture
