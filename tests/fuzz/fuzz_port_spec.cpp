// Fuzzes the -p parser: any text gives a sorted, unique, in-range port set or a usage
// Error; never a crash, never another error kind.
#include <algorithm>
#include <string_view>

#include "core/error.h"
#include "fuzz_target.h"
#include "net/port_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const auto services =
      sockscope::net::ServiceTable::parse("ssh 22/tcp\nhttp 80/tcp www\ndomain 53/udp\n");
  try {
    auto set = sockscope::net::parse_port_spec(text, true, true, services);
    for (const auto* v : {&set.tcp, &set.udp}) {
      if (!std::is_sorted(v->begin(), v->end())) __builtin_trap();
      if (std::adjacent_find(v->begin(), v->end()) != v->end()) __builtin_trap();
      if (!v->empty() && v->front() == 0) __builtin_trap();
    }
    (void)sockscope::net::format_port_ranges(set.tcp);
  } catch (const sockscope::Error& e) {
    if (e.code() != sockscope::ExitCode::kUsage) __builtin_trap();
  }
  return 0;
}
