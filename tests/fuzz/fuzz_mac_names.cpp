// Fuzzes the parser of Wireshark's manuf/wka files (net/mac_names): any text, then the
// names of a few addresses; nothing may read outside the text or the address.
#include <array>
#include <string_view>

#include "fuzz_target.h"
#include "net/mac_names.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sockscope::net::MacNames names;
  names.add(std::string_view(reinterpret_cast<const char*>(data), size));
  std::array<std::uint8_t, 6> mac{};
  for (std::size_t i = 0; i < 6 && i < size; ++i) mac[i] = data[i];
  (void)names.name(mac);
  (void)names.name({0x00, 0x1b, 0x21, 0x12, 0x34, 0x56});
  (void)names.name({0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
  return 0;
}
