// Fuzzes the address and port parsers: any text gives a value or a usage Error.
#include <string_view>

#include "core/error.h"
#include "fuzz_target.h"
#include "net/address.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)sockscope::net::parse_ipv4_strict(text);
  if (auto e = sockscope::net::parse_ip_literal(text, 80)) (void)e->to_string();
  try {
    (void)sockscope::net::parse_port(text);
  } catch (const sockscope::Error& e) {
    if (e.code() != sockscope::ExitCode::kUsage) __builtin_trap();
  }
  try {
    (void)sockscope::net::parse_bind_address(text, 1);
  } catch (const sockscope::Error& e) {
    if (e.code() != sockscope::ExitCode::kUsage) __builtin_trap();
  }
  return 0;
}
