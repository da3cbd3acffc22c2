#include "scan/resume_times.h"

#include <algorithm>
#include <chrono>

namespace sockscope::scan {

void RecordedTimes::apply(ResumeFile& out) const {
  out.start = start;
  auto seconds = [](double s) {
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(std::max(0.0, s)));
  };
  if (elapsed) {
    out.elapsed = seconds(*elapsed);
  } else if (earlier) {
    // Killed before closing the file: the time up to its last whole host counts (the
    // rest is scanned again).
    std::time_t from = run_start ? run_start : start;
    double ran = last_end && from ? static_cast<double>(last_end - from) : 0.0;
    out.elapsed = seconds(*earlier + ran);
  }
}

}  // namespace sockscope::scan
