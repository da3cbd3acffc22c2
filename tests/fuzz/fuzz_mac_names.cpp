// Fuzzes the parser of Wireshark's manuf/wka files (net/mac_names): any text, then the
// names of a few addresses; nothing may read outside the text or the address. The same
// text through add_sorted (net/manuf_index: parsed a vendor prefix at a time when it is
// sorted) must name every address as the whole parse does.
#include <array>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_target.h"
#include "net/mac_names.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sockscope::net::MacNames names, sorted;
  names.add(text);
  sorted.add_sorted(std::string(text));
  std::array<std::uint8_t, 6> mac{};
  for (std::size_t i = 0; i < 6 && i < size; ++i) mac[i] = data[i];
  for (const auto& m : {mac, std::array<std::uint8_t, 6>{0x00, 0x1b, 0x21, 0x12, 0x34, 0x56},
                        std::array<std::uint8_t, 6>{0x00, 0x1b, 0xc7, 0x12, 0x34, 0x56},
                        std::array<std::uint8_t, 6>{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}})
    if (names.name(m) != sorted.name(m)) std::abort();
  return 0;
}
