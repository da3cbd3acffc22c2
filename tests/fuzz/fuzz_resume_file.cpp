// Fuzzes the --resume reader (NDJSON, -oJ JSON with its repair, nmap XML): any bytes give
// results or a usage Error, never a crash or another exception; every result read back
// has a port and is found again by host, port and protocol.
#include <string_view>

#include "core/error.h"
#include "fuzz_target.h"
#include "scan/resume.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sockscope::scan::ResumeFile file;
  try {
    file = sockscope::scan::parse_resume_text("fuzz", text);
  } catch (const sockscope::Error& e) {
    if (e.code() != sockscope::ExitCode::kUsage) __builtin_trap();
    return 0;
  }
  std::size_t n = 0;
  file.results.for_each([&](const sockscope::scan::PortResult& r) {
    if (r.port == 0) __builtin_trap();
    auto found = file.results.find(r.target.address, r.port, r.proto);
    if (!found || found->state != r.state || found->reason != r.reason) __builtin_trap();
    ++n;
  });
  if (n != file.results.size()) __builtin_trap();
  if (file.good_bytes > size) __builtin_trap();
  return 0;
}
