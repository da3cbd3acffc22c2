// Fuzzes everything the communicator reads from outside: what a person types (menu
// option, message, recipient address) and what a sender's bytes do to the completion
// rule and the terminal-safe text. The first byte picks where the input is split into
// reads, so split UTF-8 sequences and floods are exercised.
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/text.h"
#include "fuzz_target.h"
#include "message/completion.h"
#include "message/input.h"
#include "message/transcript.h"

using namespace sockscope;
using namespace sockscope::message;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)parse_menu_option(text);
  (void)parse_recipient(text);
  std::string error = message_error(text, 64);
  if (error.empty() != (!text.empty() && utf8_length(text) <= 64)) __builtin_trap();

  std::string shown = printable_text(text);
  for (char c : shown) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f) __builtin_trap();
  }

  if (size == 0) return 0;
  std::size_t chunk = 1 + data[0] % 7;
  std::string_view bytes = text.substr(1);
  ManualClock clock;
  CompletionRule rule;
  rule.max_chars = 1 + data[0] % 50;
  MessageAssembler assembler(rule, clock);
  std::size_t fed = 0;
  while (fed < bytes.size()) {
    std::string_view piece = bytes.substr(fed, chunk);
    fed += piece.size();
    if (assembler.feed(piece) == Completion::kLimit) break;
    clock.advance(std::chrono::milliseconds(100));
  }
  Completion end = assembler.end_of_stream();
  if (end != Completion::kLimit && end != Completion::kEndOfStream) __builtin_trap();
  if (assembler.chars() > rule.max_chars) __builtin_trap();
  if (utf8_length(assembler.text()) > rule.max_chars) __builtin_trap();
  // Nothing lost: kept bytes plus dropped bytes are the bytes fed.
  if (assembler.text().size() + assembler.dropped_bytes() != fed) __builtin_trap();
  if (bytes.substr(0, assembler.text().size()) != assembler.text()) __builtin_trap();
  return 0;
}
