// Fuzzes the fingerprint file parser (--fingerprints FILE is outside input): any bytes
// either parse or throw a usage error naming the line; nothing else escapes, and what
// parses can be added to a database and matched against itself.
#include <string_view>

#include "core/error.h"
#include "discover/fingerprints.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using sockscope::discover::FingerprintDb;
  FingerprintDb db;
  try {
    db.add(text, "fuzz.txt");
  } catch (const sockscope::Error& e) {
    if (e.code() != sockscope::ExitCode::kUsage) __builtin_trap();
    return 0;
  }
  (void)db.match(text, "passive");
  (void)db.probes_first(80, sockscope::net::Transport::kTcp);
  return 0;
}
