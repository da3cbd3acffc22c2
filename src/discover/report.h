// Public. `sockscope report`: the lab's Markdown report generator done properly. From a
// scan's -oJ document (and, when given, the scan activity log of --log): the hosts, their
// open ports with services, products, versions and banners where the scan recorded them,
// an OS hint from TTL and window (a guess), what each banner leaks with one defensive
// step each, and the timings.
#pragma once

#include <optional>
#include <string>

#include "discover/fingerprints.h"
#include "discover/report_doc.h"

namespace sockscope::discover {

struct ReportInput {
  std::string scan_json;
  std::string scan_origin;                  // the file name, for messages
  std::optional<std::string> activity_log;  // the text of the --log file
};

// Throws sockscope::Error (kUsage) naming scan_origin when the text is not a scan
// document (not JSON, or no "hosts" list).
Doc build_report(const ReportInput& input, const FingerprintDb& db);

}  // namespace sockscope::discover
