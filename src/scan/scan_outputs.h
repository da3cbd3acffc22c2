// Public. The outputs of one scan run: which file gets which writer, how each file is
// opened, and which writers get an earlier run's results (--resume). The rules:
//  - every chosen file is opened before the scan starts, so a bad path costs no probe;
//  - normal text goes to stdout unless some output already takes stdout ("-");
//  - resuming from an -oD NDJSON file, the results go on in that file (the default -oD
//    when none is given): it is appended to, its torn tail cut, and it is not given the
//    earlier results it already holds;
//  - a document output that is the --resume file itself is written beside it and
//    renamed over it at the end (OutputFiles::kReplace);
//  - every other file is written afresh.
#pragma once

#include <cstddef>
#include <vector>

#include "scan/output/host_fanout.h"
#include "scan/output_choice.h"
#include "scan/output_files.h"
#include "scan/resume.h"
#include "scan/scan.h"

namespace sockscope::scan {

class ScanOutputs {
 public:
  // `resume`: the --resume file, or null. Throws usage_error naming a path that cannot
  // be opened (or a symlink where a file is replaced or appended to).
  ScanOutputs(const OutputChoice& choice, bool only_open, const ResumeFile* resume);

  // Resuming from NDJSON with no -oD given: the resume file.
  static OutputChoice with_resume_default(OutputChoice choice, const ResumeFile* resume);

  void begin(const ScanInfo& info);
  void result(const PortResult& r);          // a result of this run
  void earlier_result(const PortResult& r);  // a --resume result: not to the appended file
  void host(const HostReport& h) { writers_.host(h); }
  // Ends every writer and closes the files (moving replacements into place).
  void end(const ScanSummary& summary);

 private:
  OutputFiles files_;
  HostFanout writers_;
  std::vector<bool> gets_earlier_;
};

// What the writers are told at begin() about this run: its command (`arguments`, the
// words after `scan`), passes and ports; resumed, the first run's start and the earlier
// scanning time, so the outputs of a chain of runs add up. The display choices (--open,
// --reason, the version) are the caller's.
ScanInfo describe_run(const ScanOptions& options, const std::vector<std::string>& arguments,
                      const ResumeFile* resume, std::time_t now);

// Whether two output paths name the same file ("-" never does).
bool same_output_file(const std::string& a, const std::string& b);

}  // namespace sockscope::scan
