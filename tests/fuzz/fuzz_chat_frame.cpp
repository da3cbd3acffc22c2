// Fuzzes what a chat client sends the server: the bytes are cut into lines by a
// net::LineFramer at the protocol's limit (the first byte picks the read size, so
// lines split across reads are exercised) and every line goes through the frame parser.
// Checks: no crash, every parse is a frame or an error with a known code, the limit holds.
#include <set>
#include <string>
#include <string_view>

#include "chat/protocol.h"
#include "fuzz_target.h"
#include "net/line_framer.h"

using namespace sockscope;
using namespace sockscope::chat;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::set<std::string_view> known = {
      code::kTooLong,     code::kBadJson,         code::kUnknownType, code::kBadField,
      code::kNotLoggedIn, code::kAlreadyLoggedIn, code::kLoginFailed, code::kBadUsername,
      code::kBadPassword, code::kUserExists,      code::kNameInUse,   code::kBusy,
      code::kAuthOff,     code::kTooManyErrors};
  if (size == 0) return 0;
  std::size_t chunk = 1 + data[0] % 64;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  net::LineFramer framer(kMaxFrameBytes);
  auto check = [&](std::string_view line) {
    if (line.size() > kMaxFrameBytes) __builtin_trap();
    auto parsed = parse_client_frame(line);
    if (auto* e = std::get_if<FrameError>(&parsed)) {
      if (known.count(e->code) == 0) __builtin_trap();
    } else if (auto* say = std::get_if<SayFrame>(&std::get<ClientFrame>(parsed))) {
      if (say->text.empty() || say->text.size() > kMaxTextBytes) __builtin_trap();
      // What the server relays is again one line.
      std::string out = encode_message({"x", say->text, 0, 1});
      if (out.find('\n') != out.size() - 1) __builtin_trap();
    }
    (void)username_problem(line);
    (void)password_problem(line);
  };
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    if (framer.feed(bytes.substr(at, chunk), check) == net::LineFramer::Status::kTooLong) break;
  }
  return 0;
}
