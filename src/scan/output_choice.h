// Public. Which files a scan writes, from nmap's output flags: -oN/-oX/-oG/-oJ/-oD FILE,
// -oA BASE (BASE.nmap, BASE.xml, BASE.gnmap), --csv FILE and --lab-json FILE; "-" is
// stdout. An output flag whose value is missing or is the next flag is refused before
// anything runs: `-oJ -oX x.xml` must not write JSON to a file named "X".
#pragma once

#include <string>
#include <vector>

namespace sockscope::scan {

struct OutputChoice {
  std::string normal, xml, grep, json, ndjson, csv, lab_json;  // "" = not written

  // Every chosen path, flag by flag: {"-oN", path}, ...
  std::vector<std::pair<std::string, std::string>> chosen() const;
  // Whether some output goes to stdout ("-"): then no default normal output there.
  bool takes_stdout() const;
};

// `letter_file_pairs`: "N", "x.nmap", "X", "x.xml", ... as the -o flag splits. A later
// flag for the same output wins (as nmap). Throws usage_error on an unknown letter.
OutputChoice choose_outputs(const std::vector<std::string>& letter_file_pairs);

// The words after `scan` as typed. Throws usage_error (one line naming the flag) when
// an output flag (-oN/-oX/-oG/-oJ/-oD/-oA, bare -o, --csv, --lab-json) has no value, or
// its value looks like a flag ("-oX", "--no-progress"; "-" alone is stdout).
void check_output_flag_values(const std::vector<std::string>& words);

}  // namespace sockscope::scan
