// Public. What a scan produces, apart from how it is rendered: port states and reasons
// as nmap defines them (TCP open (syn-ack), closed (reset / conn-refused), filtered
// (no-response, ICMP unreachable); UDP open (udp-response), closed (port-unreach),
// open|filtered (no-response), filtered (other ICMP unreachable)), one pair's result, a
// host's report, the scan's description and its summary. The writers (output/), --resume
// and merge all speak these.
#pragma once

#include <cstdint>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "net/address.h"
#include "net/target_list.h"

namespace sockscope::scan {

enum class PortState { kOpen, kClosed, kFiltered, kOpenFiltered };

// "open", "closed", "filtered", "open|filtered".
const char* state_name(PortState state);
bool parse_state_name(std::string_view text, PortState& out);
const char* proto_name(net::Transport proto);  // "tcp" / "udp"
bool is_shown_with_open(PortState state);      // open and open|filtered (--open)

// What service detection (`scan --banners`, filled in by discover/ through the CLI) learned
// about an open port. Absent from a result when no detection ran on it.
struct ServiceFacts {
  std::string name;      // the fingerprint's service ("ssh", "ssl/http"); "" when none matched
  std::string product;   // "OpenSSH"
  std::string version;   // "9.2p1 Debian 2+deb12u3"
  std::string info;      // nmap's extrainfo ("protocol 2.0")
  std::string hostname;  // a host name the service announced
  std::string banner;    // one line, control bytes escaped, at most 1,000 characters
  std::string probe;     // the probe whose reply this is: "http", "passive", "tls", "udp", ...
  std::string note;      // why no active probe was sent, or why nothing was learned
  friend bool operator==(const ServiceFacts&, const ServiceFacts&) = default;
};

struct PortResult {
  std::uint64_t target_index = 0;  // position in the TargetList (for grouping per host)
  net::Target target;
  std::uint16_t port = 0;
  net::Transport proto = net::Transport::kTcp;
  PortState state = PortState::kFiltered;
  std::string reason;  // nmap's reason word: syn-ack, reset, conn-refused, no-response, ...
  int ttl = -1;        // reason_ttl: TTL of the reply, -1 when there was none
  int window = -1;     // TCP window of a SYN-ACK / RST (SYN scan), -1 otherwise
  Duration rtt{};      // time from the answered probe to its reply
  // reason_ip: who sent the ICMP error when it was not the target (a router on the way)
  std::optional<net::IpAddress> reason_ip{};
  // --banners: what the service said (shared and immutable: a result is copied into the
  // host report and every writer, and most results of a scan have none)
  std::shared_ptr<const ServiceFacts> service{};
};

// The service name the outputs print: the fingerprint's when detection named one, else
// the /etc/services name of the port.
std::string_view shown_service_name(const PortResult& r);
// nmap's VERSION column: product, version and (extrainfo), space-separated.
std::string version_text(const ServiceFacts& s);
// The OS hint (net/os_hint.h) a result's TTL and TCP window give: open TCP ports of a SYN
// scan; "" for any other result.
std::string result_os_hint(const PortResult& r);
// A host's: the first of its results that gives one.
std::string host_os_hint(const std::vector<PortResult>& results);

// Orders results by protocol, then port; results with equal keys keep their order. A
// scan's hosts come in that order already (result_slots.h): this serves the few results
// outside it, and the NDJSON writer's --open record.
void sort_by_port(std::vector<PortResult>& results);

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
  // --banners: the outputs carry the service columns (normal text's VERSION, the CSV's
  // product,version,banner,os_hint)
  bool service_detection = false;
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

// The scan's scanning time: the earlier runs' (--resume) plus this run's.
Duration total_elapsed(const ScanInfo& info, const ScanSummary& s);

}  // namespace sockscope::scan
