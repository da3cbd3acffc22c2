// Fuzzes the HTTP response parser (and the URL parser): any bytes end in a state, never a
// crash; limits hold; and feeding the bytes whole or cut into pieces gives the same
// result, so a response split across reads parses like one read.
#include <string>
#include <string_view>

#include "core/error.h"
#include "fuzz_target.h"
#include "http/response_parser.h"
#include "http/url.h"

namespace {

using sockscope::http::ParserLimits;
using sockscope::http::ParseState;
using sockscope::http::ResponseParser;

ParseState run(std::string_view bytes, std::size_t piece, const ParserLimits& limits,
               ResponseParser& parser) {
  ParseState state = ParseState::kNeedMore;
  while (!bytes.empty()) {
    std::size_t n = piece < bytes.size() ? piece : bytes.size();
    state = parser.feed(bytes.substr(0, n));
    bytes.remove_prefix(n);
  }
  if (state == ParseState::kNeedMore) state = parser.finish();
  if (parser.response().body.size() > limits.max_body) __builtin_trap();
  if (parser.response().headers.size() > limits.max_headers) __builtin_trap();
  return state;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the piece size (1..64), HEAD or GET, and tight or default limits.
  std::uint8_t control = data[0];
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  std::size_t piece = static_cast<std::size_t>(control & 0x3f) + 1;
  bool head = (control & 0x40) != 0;
  ParserLimits limits;
  if (control & 0x80) limits = ParserLimits{64, 4, 256, 128};

  ResponseParser whole(head, limits);
  ParseState a = run(bytes, bytes.size() + 1, limits, whole);
  ResponseParser pieces(head, limits);
  ParseState b = run(bytes, piece, limits, pieces);
  if (a != b) __builtin_trap();
  if (a == ParseState::kComplete && (whole.response().body != pieces.response().body ||
                                     whole.response().status != pieces.response().status ||
                                     whole.response().head != pieces.response().head)) {
    __builtin_trap();
  }

  try {
    (void)sockscope::http::parse_url(bytes);
  } catch (const sockscope::Error& e) {
    if (e.code() != sockscope::ExitCode::kUsage) __builtin_trap();
  }
  return 0;
}
