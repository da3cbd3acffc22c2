// Public. A bounded, incremental HTTP/1.x response parser: bytes in as they arrive, a
// status line, headers and a decoded body out. Outside input, so every length is
// capped (ParserLimits) and every number is parsed strictly; "truncated" (the peer
// stopped early) is reported apart from "invalid" (not HTTP), tcpdump's habit.
// Pure logic, no sockets; not thread-safe, one parser per response.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sockscope::http {

struct ParserLimits {
  std::size_t max_line = 8192;       // status line, one header line, one chunk-size line
  std::size_t max_headers = 100;     // header lines in one response head
  std::size_t max_head = 64 * 1024;  // the whole head, interim (1xx) heads included
  std::size_t max_body = 16 << 20;   // decoded body bytes kept; more is an error
};

struct Response {
  std::string version;                                       // "HTTP/1.1"
  int status = 0;                                            // 100..999
  std::string reason;                                        // "OK"
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as sent
  std::string head;  // the final head as received (status line and header lines)
  std::string body;  // decoded (chunked encoding removed)

  // The first header with this name (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
};

enum class ParseState { kNeedMore, kComplete, kTruncated, kInvalid };

class ResponseParser {
 public:
  // `no_body`: the request was HEAD, so no body follows whatever the headers say.
  explicit ResponseParser(bool no_body = false, ParserLimits limits = {});

  // Consumes bytes; returns the state. After kComplete, kTruncated or kInvalid, further
  // bytes are ignored.
  ParseState feed(std::string_view bytes);
  // The peer closed: a body delimited by the close completes; anything else unfinished
  // becomes kTruncated.
  ParseState finish();

  ParseState state() const { return state_; }
  const Response& response() const { return response_; }
  const std::string& error() const { return error_; }  // why kInvalid or kTruncated

 private:
  enum class Phase {
    kStatus,
    kHeaders,
    kBody,
    kChunkSize,
    kChunkData,
    kChunkDataEnd,
    kTrailers,
    kDone
  };
  bool take_line(std::string_view& bytes, std::string& line);
  void fail(ParseState state, std::string why);
  void on_status_line(const std::string& line);
  void on_header_line(const std::string& line);
  void end_of_head();
  void on_chunk_size(const std::string& line);
  void add_body(std::string_view bytes);

  bool no_body_;
  ParserLimits limits_;
  ParseState state_ = ParseState::kNeedMore;
  Phase phase_ = Phase::kStatus;
  std::string line_;            // a line being assembled across feeds
  std::size_t head_bytes_ = 0;  // all head bytes so far, interim heads included
  enum class Framing { kNone, kLength, kChunked, kUntilClose } framing_ = Framing::kNone;
  std::size_t remaining_ = 0;  // bytes left of Content-Length or of the current chunk
  Response response_;
  std::string error_;
};

}  // namespace sockscope::http
