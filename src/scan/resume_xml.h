// Internal to scan/ (resume.cpp). Reads the results back out of an nmap XML file (-oX:
// ours or nmap's): <port> elements and the ports that <extrareasons ports="..."> lists
// for each <extraports> group. Only hosts whose </host> was written count, so a file
// cut short by kill -9 still yields every whole host.
#pragma once

#include <string>
#include <string_view>

#include "scan/resume.h"

namespace sockscope::scan {

// Fills out.arguments (from nmaprun's args), out.types (scaninfo), out.results, and
// out.start / out.elapsed (nmaprun start, <finished elapsed>, our "Resumed scan" task).
// Throws usage_error naming `name` when the text is not nmap XML.
void parse_nmap_xml(const std::string& name, std::string_view text, ResumeFile& out);

}  // namespace sockscope::scan
