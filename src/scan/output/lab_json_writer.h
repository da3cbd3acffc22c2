// Public. --lab-json FILE: the shape of the port-probing lab's `scan_results.json`
// (lab 4.2, lab4-2_scan.py), so the lab's own code that loads that file works unchanged:
//   {"host": "<as given>", "elapsed": <seconds>, "results": [
//     {"port": 22, "open": true, "reason": null},
//     {"port": 23, "open": false, "reason": "refused"}, ...]}
// One host, its TCP ports in order. Reasons as the lab's probe_tcp() gives them: null
// when open, "refused" (closed), "timeout" (no answer), and for an ICMP unreachable the
// text Python prints for the OS error ("[Errno 113] No route to host"). Indented by 2,
// as the lab's json.dump(..., indent=2). Written whole at the end (Ctrl-C included).
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <vector>

#include "scan/output/result_writer.h"

namespace sockscope::scan {

// Throws usage_error before the scan when the lab's shape cannot hold it: more than
// one target, or no TCP scan type.
void check_lab_json_fits(std::uint64_t targets, const std::vector<ScanType>& types);

// The lab's reason for one result (nullopt: JSON null, the port is open).
std::optional<std::string> lab_reason(const PortResult& r);

std::unique_ptr<ResultWriter> make_lab_json_writer(std::ostream& out);

}  // namespace sockscope::scan
