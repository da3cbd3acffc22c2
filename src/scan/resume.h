// Public. --resume: what an interrupted run left behind. Reads any of our machine-readable
// outputs (-oD NDJSON, -oJ JSON, -oX nmap XML), tolerating the torn tail a kill -9 leaves
// (a half-written NDJSON line, an unclosed JSON document or XML file), and answers "is this
// host/port/protocol final already, and with what result?". The scan replays those results
// into its outputs instead of probing again, so a resumed run's outputs are whole.
// Nothing here prints; bad files are usage_errors (exit 2) that name the file.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scan/output/result_writer.h"
#include "scan/port_result.h"

namespace sockscope::scan {

struct ScanOptions;

enum class ResumeFormat { kNdjson, kJson, kXml };
const char* resume_format_name(ResumeFormat format);  // "NDJSON (-oD)", ...

struct ResumeFile {
  std::string path;
  ResumeFormat format = ResumeFormat::kNdjson;
  // The earlier command's words after `scan` (JSON "argv", XML "args"); empty when the
  // format does not record them (NDJSON).
  std::vector<std::string> arguments;
  std::vector<ScanType> types;      // recorded scan types; empty when not recorded
  std::vector<PortResult> results;  // target (address, name), port, proto, state, reason, ttl
  bool repaired = false;            // a torn tail was dropped
  // NDJSON: bytes up to the end of the last whole line, where an appending run goes on
  // (a torn tail is cut off first, so the file stays one result per line).
  std::size_t good_bytes = 0;
};

// The words after `scan` in a recorded command line ("sockscope scan 192.0.2.2 -p 80").
std::vector<std::string> words_after_scan(const std::string& command_line);

// Parses text already read; `name` is used in error messages.
ResumeFile parse_resume_text(const std::string& name, std::string_view text);
// Reads and parses a file. Throws usage_error when it cannot be read, is none of the
// formats, or is torn beyond repair.
ResumeFile read_resume_file(const std::string& path);

// Throws usage_error naming the file and the first result that this scan would never
// produce (another target, port, protocol, scan type or shard): a file from another scan.
void check_resume_fits(const ResumeFile& file, const ScanOptions& options);

// Lookup of earlier results by host, port and protocol (a later duplicate wins).
class ResumeIndex {
 public:
  explicit ResumeIndex(const std::vector<PortResult>& results);
  const PortResult* find(const IpAddress& address, std::uint16_t port, net::Transport proto) const;
  std::size_t size() const { return index_.size(); }

 private:
  struct Key {
    IpAddress address;
    std::uint16_t port;
    net::Transport proto;
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return IpAddressHash{}(k.address) * 131 + k.port * 2 + (k.proto == net::Transport::kUdp);
    }
  };
  const std::vector<PortResult>& results_;
  std::unordered_map<Key, std::size_t, KeyHash> index_;
};

}  // namespace sockscope::scan
