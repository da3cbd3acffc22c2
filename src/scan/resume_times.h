// Internal to scan/ (the --resume readers). What an -oJ or -oX file says about time,
// gathered while it is read, and the start and scanning time a resumed run carries on
// from: after a kill -9, the time up to the file's last whole host.
#pragma once

#include <ctime>
#include <optional>

#include "scan/resume.h"

namespace sockscope::scan {

// What a -oJ or -oX file says about time, gathered while it is read; apply() sets the
// file's start and elapsed from it.
struct RecordedTimes {
  std::time_t start = 0;                // the scan's start
  std::time_t run_start = 0;            // the writing run's own start when it was resumed, else 0
  std::optional<double> earlier = 0.0;  // seconds scanned before that run; nullopt: unknown
  std::time_t last_end = 0;             // end time of the last whole host
  std::optional<double> elapsed;        // the whole scan's, when the run closed the file
  void apply(ResumeFile& out) const;
};

}  // namespace sockscope::scan
