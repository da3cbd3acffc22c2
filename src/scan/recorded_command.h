// Public. The scan's command as its outputs record it (-oJ "arguments"/"argv", -oX
// nmaprun args), read back: --resume runs the recorded words again.
#pragma once

#include <string>
#include <vector>

namespace sockscope::scan {

// The words after `scan` in a recorded command line ("sockscope scan 192.0.2.2 -p 80"),
// split as a shell would (we write it shell-quoted; nmap's own args split on blanks).
// Empty when there is no `scan` word or the line does not split (an unclosed quote).
std::vector<std::string> words_after_scan(const std::string& command_line);
// The same for a command's words (argv without argv[0]).
std::vector<std::string> words_after_scan(const std::vector<std::string>& words);

}  // namespace sockscope::scan
