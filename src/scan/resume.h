// Public. --resume: what an interrupted run left behind. Reads any of our machine-readable
// outputs (-oD NDJSON, -oJ JSON, -oX nmap XML), tolerating the torn tail a kill -9 leaves
// (a half-written NDJSON line, an unclosed JSON document or XML file), and answers "is this
// host/port/protocol final already, and with what result?". The scan replays those results
// into its outputs instead of probing again, so a resumed run's outputs are whole. With
// --open, the ports not listed come back from the "extraports" port ranges every format
// keeps (-oX as nmap; -oJ per host; -oD as a per-host record). The file's start and
// scanning time carry over too, so the outputs of a chain of runs add up.
// Nothing here prints; bad files are usage_errors (exit 2) that name the file.
#pragma once

#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "scan/recorded_command.h"
#include "scan/types.h"

namespace sockscope::scan {

struct ScanOptions;

enum class ResumeFormat { kNdjson, kJson, kXml };
const char* resume_format_name(ResumeFormat format);  // "NDJSON (-oD)", ...

// Earlier results, kept compact: 12 bytes a result plus one entry a host (a resume file
// of millions of results stays in tens of megabytes), looked up by host, port and
// protocol. A later duplicate of a pair wins.
class ResumeResults {
 public:
  void add(const PortResult& r);
  // After the last add(): sorts each host's results for lookup.
  void finish();
  std::optional<PortResult> find(const net::IpAddress& address, std::uint16_t port,
                                 net::Transport proto) const;
  std::size_t size() const { return size_; }
  void for_each(const std::function<void(const PortResult&)>& fn) const;

 private:
  struct Entry {
    std::uint16_t port;
    std::uint16_t reason;  // index into reasons_ (the word and reason_ip together)
    std::int16_t ttl;
    std::uint8_t flags;  // bit 0: udp; bits 1-2: PortState
    std::int32_t window;
  };
  struct Host {
    net::Target target;
    std::vector<Entry> entries;
  };
  static std::uint32_t order(const Entry& e) { return (e.flags & 1u) << 16 | e.port; }
  PortResult expand(const Host& host, const Entry& e) const;

  std::vector<Host> hosts_;
  std::unordered_map<net::IpAddress, std::size_t, net::IpAddressHash> host_index_;
  struct Reason {
    std::string word;
    std::optional<net::IpAddress> ip;  // reason_ip: few distinct routers answer a scan
  };
  std::vector<Reason> reasons_;
  std::unordered_map<std::string, std::uint16_t> reason_ids_;  // word, or word '\n' ip
  std::size_t size_ = 0;
};

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

// Parses text already read; `name` is used in error messages.
ResumeFile parse_resume_text(const std::string& name, std::string_view text);
// Reads and parses a file. Throws usage_error when it cannot be read, is none of the
// formats, or is torn beyond repair.
ResumeFile read_resume_file(const std::string& path);

// Throws usage_error naming the file and the first result that this scan would never
// produce (another target, port, protocol, scan type or shard): a file from another scan.
void check_resume_fits(const ResumeFile& file, const ScanOptions& options);

}  // namespace sockscope::scan
