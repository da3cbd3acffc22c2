// Public. --resume: what an interrupted run left behind. Reads any of our machine-readable
// outputs (-oD NDJSON, -oJ JSON, -oX nmap XML), tolerating the torn tail a kill -9 leaves
// (a half-written NDJSON line, an unclosed JSON document or XML file), and answers "is this
// host/port/protocol final already, and with what result?". The scan replays those results
// into its outputs instead of probing again, so a resumed run's outputs are whole. With
// --open, the ports not listed come back from the "extraports" port ranges every format
// keeps (-oX as nmap; -oJ per host; -oD as a per-host record). The file's start and
// scanning time carry over too, so the outputs of a chain of runs add up.
// Nothing here prints; bad files are usage_errors (exit 2) that name the file.
// Here: which format a file is, and reading it whole or streamed. The readers are
// resume_json.h (ours) and resume_xml.h (nmap's XML), what is kept is resume_results.h,
// and whether the file is from this scan, resume_check.h.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scan/recorded_command.h"
#include "scan/resume_results.h"
#include "scan/types.h"

namespace sockscope::scan {

enum class ResumeFormat { kNdjson, kJson, kXml };
const char* resume_format_name(ResumeFormat format);  // "NDJSON (-oD)", ...

struct ResumeFile {
  std::string path;
  ResumeFormat format = ResumeFormat::kNdjson;
  // The earlier command's words after `scan` (JSON "argv", XML "args"); empty when the
  // format does not record them (NDJSON).
  std::vector<std::string> arguments;
  std::vector<ScanType> types;  // recorded scan types; empty when not recorded
  ResumeResults results;
  // When the scan began and the scanning time the file accounts for (-oJ "elapsed",
  // -oX <finished elapsed>; after a kill -9, the time up to its last whole host): the
  // resumed run reports that start and adds that time. 0 / nullopt when the file does
  // not record them (-oD NDJSON).
  std::time_t start = 0;
  std::optional<Duration> elapsed;
  bool repaired = false;  // a torn tail was dropped
  // NDJSON: bytes up to the end of the last whole line, where an appending run goes on
  // (a torn tail is cut off first, so the file stays one result per line).
  std::size_t good_bytes = 0;
};

// The readers' one error: throws usage_error("bad resume file 'NAME': WHY").
[[noreturn]] void bad_resume_file(const std::string& name, const std::string& why);

// Parses text already read; `name` is used in error messages.
ResumeFile parse_resume_text(const std::string& name, std::string_view text);
// Reads and parses a file. Throws usage_error when it cannot be read, is none of the
// formats, or is torn beyond repair.
ResumeFile read_resume_file(const std::string& path);

}  // namespace sockscope::scan
