// Public. The rendering side of `scan` (the types it renders are in scan/types.h): every output
// format (-oN normal text, -oX nmap XML, -oG grepable, -oJ JSON, -oD NDJSON, --csv) is a
// ResultWriter over a stream the caller owns. Writers get the scan's start, each result as it
// becomes final, each host when all its ports are final, and the end; after end() (called on Ctrl-C
// too) every file is a complete, valid document.
#pragma once

#include <ctime>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "scan/types.h"

namespace sockscope::scan {

class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  virtual void begin(const ScanInfo&) {}
  virtual void result(const PortResult&) {}
  virtual void host(const HostReport&) {}
  virtual void end(const ScanSummary&) {}
};

// -oX: the <taskbegin>/<taskend> task that marks a resumed run (read back by --resume).
inline constexpr std::string_view kResumedTask = "Resumed scan";
// Its extrainfo's words before the earlier runs' scanning time ("... 12.34 seconds").
inline constexpr std::string_view kEarlierScanned = "earlier runs scanned for ";

// For the text summaries: " (1.25 s in this run)" when resumed, else "".
std::string this_run_note(const ScanInfo& info, const ScanSummary& s);
// "resumed from b.json at 2026-11-22 00:20 UTC after 12.34 s of earlier scanning" (or
// "... earlier scanning time not recorded").
std::string resumed_note(const ScanInfo& info);

std::string format_time(std::time_t t, const char* format);

std::unique_ptr<ResultWriter> make_normal_writer(std::ostream& out);
std::unique_ptr<ResultWriter> make_xml_writer(std::ostream& out);
std::unique_ptr<ResultWriter> make_grepable_writer(std::ostream& out);
std::unique_ptr<ResultWriter> make_json_writer(std::ostream& out);
// Written in blocks, or when 50 ms by `clock` have passed since the last write.
std::unique_ptr<ResultWriter> make_ndjson_writer(std::ostream& out, bool only_open,
                                                 const Clock& clock = SteadyClock::instance());
std::unique_ptr<ResultWriter> make_csv_writer(std::ostream& out, bool only_open);

}  // namespace sockscope::scan
