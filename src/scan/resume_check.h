// Public. --resume's different-scan check: every result of the file must be one this
// scan would produce (its targets, ports, protocols, scan types and shard).
#pragma once

#include "scan/resume.h"
#include "scan/scan.h"

namespace sockscope::scan {

// Throws usage_error naming the file and the first result that this scan would never
// produce (another target, port, protocol, scan type or shard): a file from another scan.
void check_resume_fits(const ResumeFile& file, const ScanOptions& options);

}  // namespace sockscope::scan
