// Fuzzes the report generator's readers: the scan JSON (any shape nlohmann accepts) and
// the activity log. Input: the JSON, a NUL byte, the log. Either a report or a usage
// error; the Markdown never carries a raw '<' from the input.
#include <string_view>

#include "core/error.h"
#include "discover/report.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sockscope::discover;
  static const FingerprintDb db = FingerprintDb::builtin();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::size_t nul = bytes.find('\0');
  ReportInput input;
  input.scan_json = std::string(bytes.substr(0, nul));
  input.scan_origin = "fuzz.json";
  if (nul != std::string_view::npos) input.activity_log = std::string(bytes.substr(nul + 1));
  try {
    Doc doc = build_report(input, db);
    if (render_markdown(doc).find('<') != std::string::npos) __builtin_trap();
    (void)render_html(doc);
  } catch (const sockscope::Error& e) {
    if (e.code() != sockscope::ExitCode::kUsage) __builtin_trap();
  }
  return 0;
}
