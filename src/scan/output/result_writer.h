// Public. The rendering side of `scan`: every output format (-oN normal text, -oX nmap
// XML, -oG grepable, -oJ JSON, -oD NDJSON, --csv) is a ResultWriter over a stream the
// caller owns. Writers get the scan's start, each result as it becomes final, each host
// when all its ports are final, and the end; after end() (called on Ctrl-C too) every
// file is a complete, valid document.
#pragma once

#include <ctime>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "scan/port_result.h"

namespace sockscope::scan {

enum class ScanType { kConnect, kSyn, kUdp };
const char* scan_type_name(ScanType type);  // nmap's scaninfo words: connect, syn, udp
// The type a scaninfo word names (read back by --resume); false for any other word.
bool scan_type_from_name(std::string_view name, ScanType& out);

struct ScanInfo {
  std::string command_line;
  std::vector<std::string> arguments;  // the words after `scan`, as given (for --resume)
  std::time_t start = 0;               // when the scan began: the first run's start when resumed
  // --resume: the file, this run's own start, and the scanning time of the earlier runs
  // (nullopt when the file does not record it: -oD NDJSON). The outputs report `start`
  // and the total scanning time, earlier + this run, and this run's apart.
  bool resumed = false;
  std::string resumed_from;
  std::time_t run_start = 0;
  std::optional<Duration> earlier_elapsed;
  std::vector<ScanType> types;
  std::vector<std::uint16_t> tcp_ports, udp_ports;
  bool only_open = false;  // --open
  bool show_reason = false;
  std::string version;
};

struct HostReport {
  net::Target target;
  std::vector<PortResult> results;  // sorted by protocol, then port
  std::time_t start = 0, end = 0;
  Duration elapsed{};
  Duration latency{};  // smallest answered round trip, zero when nothing answered
};

struct ScanSummary {
  std::time_t end = 0;
  Duration elapsed{};  // this run's
  std::uint64_t hosts_total = 0;
  std::uint64_t hosts_up = 0;
  bool interrupted = false;
};

class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  virtual void begin(const ScanInfo&) {}
  virtual void result(const PortResult&) {}
  virtual void host(const HostReport&) {}
  virtual void end(const ScanSummary&) {}
};

// A group of ports not listed one by one ("Not shown: 995 closed tcp ports (reset)").
struct PortGroup {
  PortState state;
  net::Transport proto;
  std::size_t count = 0;
  std::vector<std::pair<std::string, std::size_t>> reasons;  // reason, count
  std::vector<std::pair<std::string, std::vector<std::uint16_t>>> reason_ports;
};

// Splits a host's results as nmap does: a non-open state with more than 25 ports is
// collapsed into a group; with only_open, every state but open and open|filtered is.
void split_for_listing(const HostReport& host, bool only_open,
                       std::vector<const PortResult*>& listed, std::vector<PortGroup>& groups);

// -oX: the <taskbegin>/<taskend> task that marks a resumed run (read back by --resume).
inline constexpr std::string_view kResumedTask = "Resumed scan";
// Its extrainfo's words before the earlier runs' scanning time ("... 12.34 seconds").
inline constexpr std::string_view kEarlierScanned = "earlier runs scanned for ";

// The scan's scanning time: the earlier runs' (--resume) plus this run's.
Duration total_elapsed(const ScanInfo& info, const ScanSummary& s);
// For the text summaries: " (1.25 s in this run)" when resumed, else "".
std::string this_run_note(const ScanInfo& info, const ScanSummary& s);
// "resumed from b.json at 2026-11-22 00:20 UTC after 12.34 s of earlier scanning" (or
// "... earlier scanning time not recorded").
std::string resumed_note(const ScanInfo& info);

bool is_shown_with_open(PortState state);  // open and open|filtered
std::string format_time(std::time_t t, const char* format);

std::unique_ptr<ResultWriter> make_normal_writer(std::ostream& out);
std::unique_ptr<ResultWriter> make_xml_writer(std::ostream& out);
std::unique_ptr<ResultWriter> make_grepable_writer(std::ostream& out);
std::unique_ptr<ResultWriter> make_json_writer(std::ostream& out);
std::unique_ptr<ResultWriter> make_ndjson_writer(std::ostream& out, bool only_open);
std::unique_ptr<ResultWriter> make_csv_writer(std::ostream& out, bool only_open);

}  // namespace sockscope::scan
