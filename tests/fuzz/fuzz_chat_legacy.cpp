// Fuzzes what a `chat client --legacy` reads from a server speaking the lab's protocol:
// `!{...}` presence objects and relayed text with no framing, cut into reads of a size
// the first byte picks, through chat::LegacyReader. Checks: no crash, every presence
// list re-encodes and parses back to itself, the buffered part stays bounded, and the
// server-side helpers (legacy_cut, legacy_name_problem) hold their contracts.
#include <string>
#include <string_view>

#include "chat/legacy_protocol.h"
#include "fuzz_target.h"

using namespace sockscope::chat;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t chunk = 1 + data[0] % 64;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  LegacyReader reader;
  auto on_presence = [](LegacyUsers users) {
    bool utf8 = true;
    for (const auto& [n, a] : users) utf8 = utf8 && valid_utf8(n) && valid_utf8(a);
    if (!utf8) return;  // nlohmann only yields UTF-8; kept as a guard
    std::string again = encode_legacy_presence(users);
    LegacyUsers back;
    if (!parse_legacy_presence(again, back)) __builtin_trap();
    if (back.size() > users.size()) __builtin_trap();  // duplicate names may collapse
  };
  auto on_text = [](std::string_view text) {
    if (text.empty()) __builtin_trap();
  };
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    reader.feed(bytes.substr(at, chunk), on_presence, on_text);
    if (reader.pending() > kMaxLegacyPresenceBytes + chunk) __builtin_trap();
  }
  std::size_t cut = legacy_cut(bytes, kLegacyChunkBytes);
  if (cut > kLegacyChunkBytes) __builtin_trap();
  (void)legacy_name_problem(bytes);
  return 0;
}
