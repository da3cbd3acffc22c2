// Internal to scan/ (resume.cpp). Reads the results back out of an nmap XML file (-oX:
// ours or nmap's): <port> elements and the ports that <extrareasons ports="..."> lists
// for each <extraports> group. Only hosts whose </host> was written count, so a file
// cut short by kill -9 still yields every whole host.
#pragma once

#include <string>
#include <string_view>

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

// Fills out.arguments (from nmaprun's args), out.types (scaninfo), out.results, and
// out.start / out.elapsed (nmaprun start, <finished elapsed>, our "Resumed scan" task).
// Throws usage_error naming `name` when the text is not nmap XML.
void parse_nmap_xml(const std::string& name, std::string_view text, ResumeFile& out);

}  // namespace sockscope::scan
