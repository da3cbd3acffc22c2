// Public. HTTP/1.x messages over TCP, reassembled as Wireshark does with its default
// preferences (TCP desegmentation, HTTP headers and body desegmentation): a message that
// starts in one segment and ends in a later one is given to the segment that completes
// it (headers, then a Content-Length or chunked body, or a response's body that runs
// until the server's FIN: then the FIN segment, data or not, completes it); the segments
// before carry no `http` and no `data`. A capture that ends, or a connection reset,
// before that FIN leaves the message a set of segments, as in Wireshark. In-order segments only: a
// gap or reordering drops the message being built (Wireshark would wait; we give up rather than
// hold bytes for ever).
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "capture/dissect/http_transactions.h"
#include "capture/packet.h"

namespace sockscope::capture {

// Wireshark 4.0's default "http.tcp.port" range; its heuristic HTTP dissector is off by
// default, so HTTP on another port is plain TCP data there too. (Inline, a switch: this
// runs for every TCP segment, and most are on no HTTP port.)
inline bool is_http_port(std::uint16_t port) {
  switch (port) {
    case 80:
    case 1900:
    case 2710:
    case 2869:
    case 3128:
    case 3132:
    case 5985:
    case 8080:
    case 8088:
    case 11371:
      return true;
    default:
      return false;
  }
}

// Whether the segment is on one of Wireshark 4.0's HTTP ports (http.tcp.port). HTTP
// takes every payload there: one it finds no message in reaches no `data` (unless it is a
// Continuation), as tshark shows (tcp and nothing after it).
inline bool on_http_port(const Packet& p) {
  return is_http_port(p.tcp.sport) || is_http_port(p.tcp.dport);
}

class HttpReassembler {
 public:
  // Bytes of body kept per message for `http contains`; the length is counted beyond.
  static constexpr std::size_t kMaxKept = 1u << 20;
  // A header block longer than this is no HTTP we will ever complete: dropped.
  static constexpr std::size_t kMaxHeaders = 64u << 10;

  // After the stream tracker (needs p.stream, p.tcpa): sets p.http and p.http_message.
  // `links` holds what HTTP read of the connection's requests before this frame.
  // (inline, the gate most segments stop at: no HTTP port)
  void add(Packet& p, int direction, const HttpTransactions& links) {
    if (p.has(kProtoTcp) && direction >= 0 && p.stream >= 0 && on_http_port(p))
      add_on_http_port(p, direction, links);
  }

 private:
  void add_on_http_port(Packet& p, int direction, const HttpTransactions& links);
  // HTTP's look at the start of a PDU: a segment's payload (`cut` by the snap length or
  // not), or the segments joined to find a first line's end (`joined`).
  void begin(Packet& p, std::uint64_t key, Bytes pdu, bool cut, bool fin, bool joined,
             const HttpTransactions& links);
  struct Half {
    bool active = false;
    // A first line with no end yet (no message start seen): Wireshark 4.0's HTTP asks TCP
    // for one more segment (DESEGMENT_ONE_MORE_SEGMENT) until the joined bytes have one.
    bool line_pending = false;
    std::uint32_t next_seq = 0;
    std::uint64_t received = 0;  // message bytes so far (kept or not)
    bool headers_done = false;   // the blank line ending the headers was seen
    bool until_fin = false;      // a response whose body runs until the server's FIN
    std::size_t searched = 0;    // bytes of `kept` already searched for it
    std::vector<std::byte> kept;
    std::vector<std::uint32_t> frames;  // the segments that carried it
  };
  std::unordered_map<std::uint64_t, Half> halves_;
  std::vector<std::byte> message_;     // the last completed message spanning segments
  std::vector<std::uint32_t> frames_;  // its segments' frames (Packet::tcp_segments)
};

// A header's value in an HTTP message (name in lower case, matched case-insensitively;
// blanks around the value trimmed); false when the message has no such header.
bool http_header_value(std::string_view message, std::string_view name, std::string_view& value);

// Payload bytes as the text HTTP parses.
inline std::string_view as_text(Bytes b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// The message's first line (request or status line), without its CRLF.
std::string_view http_first_line(std::string_view message);

// A message the snap length cut after its first line's CRLF: Wireshark's columns are
// HTTP's then, with the header lines it has whole.
bool http_first_line_captured(std::string_view message);

// A message the snap length cut before its first line's end, on a connection where HTTP
// already read a request line: Wireshark 4.0 finds no first line to name it by (its line
// search for a request or status line needs the line's end), but knows the connection
// is HTTP, so its columns are "HTTP" and "Continuation". On a connection with no request
// yet the columns stay TCP's (the http layer and its fields are there all the same).
bool http_cut_continuation(const Packet& p);

// For TCP payload bytes that start no message on a connection where a request was read:
// the offset where HTTP's "Continuation" hands the rest to `data` (the size when nothing
// is left), npos when HTTP does not take them so (see HttpReassembler::add). `cut`: the
// snap length cut the payload.
std::size_t http_continuation_data(std::string_view text, bool cut);

// A kContinuation's bytes as HTTP read them: its payload, or the segments joined to find
// a first line's end (Packet::http_pdu); where its data starts in them (as above); and
// whether it has data (of its payload as the headers claim it, cut or not).
Bytes http_continuation_pdu(const Packet& p);
std::size_t http_continuation_data(const Packet& p);
bool http_continuation_has_data(const Packet& p);

// A kContinuation's body, as a message's: its bytes past its header lines, up to a valid
// Content-Length among them when they have no Transfer-Encoding (empty when it has none:
// http_continuation_has_data); the Content-Type among them (empty for none), and the
// layer Wireshark gives the body by it (http_media_layer; "data" without one).
Bytes http_continuation_body(const Packet& p);
std::string_view http_continuation_type(const Packet& p);
const char* http_continuation_layer(const Packet& p);

// Whether such bytes start (past a leading CRLF) with no printable character: HTTP then
// hands them to `data` whole without reading them (nor throwing where the snap length
// cut them).
bool http_continuation_is_binary(std::string_view text);

// Whether TCP payload bytes start an HTTP/1.x request or response line.
bool starts_http_message(std::string_view text);

// The whole length of the HTTP message at the start of `text`, 0 while it is not
// complete. `received` may exceed text.size() when only a prefix was kept. A message
// with no length is its headers (a request has no body then; a response may run until
// the connection closes: http_body_until_close).
std::uint64_t http_message_length(std::string_view text, std::uint64_t received);

// Whether the response at the start of `text` (headers whole) has a body that runs until
// the server closes the connection (RFC 7230 3.3.3, case 7): no Content-Length, not
// chunked, a status that allows a body, and not an answer to HEAD (or a 2xx to CONNECT),
// `request_method` being the connection's latest request's. Wireshark 4.0 (http.desegment_body)
// then has TCP reassemble the response up to the server's FIN (DESEGMENT_UNTIL_FIN).
bool http_body_until_close(std::string_view text, std::string_view request_method);

}  // namespace sockscope::capture
