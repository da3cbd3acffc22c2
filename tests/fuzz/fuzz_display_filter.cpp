// Fuzzes the display-filter lexer and parser: any text compiles or throws a usage Error
// (exit 2) with a caret; a compiled filter evaluates on a sample packet without crashing.
#include <string>

#include "capture/display_filter.h"
#include "capture/dissect/dissect.h"
#include "core/error.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sockscope::capture;
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    DisplayFilter f = DisplayFilter::compile(text);
    static const std::uint8_t frame[] = {
        2,    0, 0,  0,  0, 2, 2,    0, 0,  0, 0, 1,    8,    0,  // ethernet
        0x45, 0, 0,  41, 0, 1, 0x40, 0, 64, 6, 0, 0,    192,  0, 2, 1, 192, 0, 2, 2,  0x9c,
        0x40, 0, 80, 0,  0, 0, 1,    0, 0,  0, 0, 0x50, 0x18, 2, 0, 0, 0,   0, 0, 'x'};
    Packet p;
    p.linktype = kLinkEthernet;
    p.data = Bytes(reinterpret_cast<const std::byte*>(frame), sizeof frame);
    p.caplen = p.len = sizeof frame;
    dissect_packet(p);
    (void)f.matches(p);
  } catch (const sockscope::Error& e) {
    if (e.code() != sockscope::ExitCode::kUsage) __builtin_trap();
    if (std::string(e.what()).find('^') == std::string::npos) __builtin_trap();
  }
  return 0;
}
