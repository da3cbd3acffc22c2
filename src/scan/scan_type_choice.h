// Public. Which passes a scan runs: the -sT/-sS/-sU letters the user gave, and nmap's
// default when none is given (a SYN scan where raw sockets are allowed, a connect scan
// otherwise). The caller finds out whether raw sockets are allowed (have_raw_privilege
// in scan/scan.h), so the rule itself is testable without privilege.
#pragma once

#include <string>
#include <vector>

#include "scan/output/result_writer.h"

namespace sockscope::scan {

// `letters`: one entry per -s flag ("T", "S", "U", or several letters as "SU").
// Returns at most one TCP type, then kUdp. Throws usage_error naming a bad letter or
// -sS together with -sT.
std::vector<ScanType> choose_scan_types(const std::vector<std::string>& letters, bool raw_allowed);

}  // namespace sockscope::scan
