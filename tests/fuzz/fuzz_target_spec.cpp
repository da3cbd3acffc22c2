// Fuzzes the target parser (literals, CIDR, octet ranges, names via a fake resolver):
// a value or a usage Error; every index of the list maps to an address the list contains.
#include <string_view>

#include "core/error.h"
#include "fuzz_target.h"
#include "net/target_list.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto resolve = [](std::string_view name) -> std::optional<sockscope::net::IpAddress> {
    if (name.size() % 2) return sockscope::net::IpAddress::v4(0xC0000201);
    return std::nullopt;
  };
  sockscope::net::TargetList list;
  try {
    list.add(text, resolve);
  } catch (const sockscope::Error& e) {
    if (e.code() != sockscope::ExitCode::kUsage) __builtin_trap();
    return 0;
  }
  std::uint64_t n = list.size();
  for (std::uint64_t i : {std::uint64_t{0}, n / 2, n ? n - 1 : 0}) {
    if (i >= n) continue;
    auto t = list.at(i);
    (void)t.address.to_string();
    if (!list.contains(t.address)) __builtin_trap();
  }
  return 0;
}
