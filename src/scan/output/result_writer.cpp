#include "scan/output/result_writer.h"

#include <cstdio>
#include <memory>

namespace sockscope::scan {

std::string this_run_note(const ScanInfo& info, const ScanSummary& s) {
  if (!info.resumed) return "";
  char buf[64];
  std::snprintf(buf, sizeof(buf), " (%.2f s in this run)", to_seconds(s.elapsed));
  return buf;
}

std::string resumed_note(const ScanInfo& info) {
  std::string note = "resumed from " + info.resumed_from + " at " +
                     format_time(info.run_start, "%Y-%m-%d %H:%M UTC");
  if (!info.earlier_elapsed) return note + ", earlier scanning time not recorded";
  char buf[64];
  std::snprintf(buf, sizeof(buf), " after %.2f s of earlier scanning",
                to_seconds(*info.earlier_elapsed));
  return note + buf;
}

std::string format_time(std::time_t t, const char* format) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof(buf), format, &tm);
  return buf;
}

}  // namespace sockscope::scan
