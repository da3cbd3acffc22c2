// Public. The JSON layout of scan results, written and read in this one place: the
// result object (-oJ host's "results", one -oD line), a host's "extraports" groups
// (--open), the -oD host record, the -oJ host object and the -oJ document's head and
// tail. The writers (-oJ, -oD), --resume and merge all go through it, so a new field of
// PortResult is one edit here (plus where --resume keeps it: resume_results.h).
//
// Writing is by hand into a buffer the caller reuses: a full-range scan writes 65,535
// result objects at its end, and building each as an nlohmann object (or even with a
// string append per field) costs more than the scan's own user time. Reading goes
// through nlohmann::json and never throws on a malformed record: it answers false.
#pragma once

#include <ctime>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "scan/port_listing.h"
#include "scan/types.h"

namespace sockscope::scan {

// --- writing ---

void append_json_string(std::string& out, std::string_view text);
void append_json_int(std::string& out, long long value);

// `"host":"192.0.2.2","name":"lab",`: what an -oD line says before its result fields
// (the name only when the user gave one).
void append_host_fields(std::string& out, const net::Target& target);

// One result object. `host_fields`: append_host_fields' text for -oD, empty inside -oJ's
// hosts.
void append_result(std::string& out, const PortResult& r, std::string_view host_fields);

// The ports an --open run did not list, as nmap's XML <extraports> gives them: one object
// per state, protocol and reason, its ports as ranges ("1-21,23-79"). Appends `[...]`.
// `groups`: split_for_listing's with only_open.
void append_extraports(std::string& out, const std::vector<PortGroup>& groups);

// -oD with --open: a host's record of its ports not listed,
// {"host":"192.0.2.2","extraports":[...]}, a record without "port", as it holds no single
// result. Appends nothing and answers false when every port was listed.
bool append_extraports_record(std::string& out, const net::Target& target,
                              const std::vector<PortGroup>& groups);

// -oJ as the writer lays it out (read back a line at a time by --resume): the head on
// the first line, starting with kJsonDocumentStart; kJsonHostsLine on the second; one host
// a line; then `],"elapsed":...}`.
inline constexpr std::string_view kJsonDocumentStart = "{\"scanner\"";
inline constexpr std::string_view kJsonHostsLine = "\"hosts\":[";

// -oJ. The document's head, up to and including `"hosts":[`: "start" is when the scan
// began (the first run's, when resumed); a resumed run adds
// "resumed": {"from", "run_start", "earlier_elapsed" (null: not recorded)}.
void write_json_head(std::ostream& out, const ScanInfo& info);
// A host object up to its results: `{"elapsed":...,"end":...,"host":"...","name":"...",`
// ("end": --resume after a kill -9 learns the time scanned up to this host), then
// `"results":[`. The caller appends the results, `]`, the extraports and `}`.
void append_json_host_head(std::string& out, const HostReport& host);
// With --open and unlisted ports: `,"extraports":[...]` inside the host object.
void append_json_host_extraports(std::string& out, const std::vector<PortGroup>& groups);
// After the last host: "elapsed" is the scanning time of the whole scan (earlier runs +
// this one); "run_elapsed" (resumed) this run's.
void write_json_tail(std::ostream& out, const ScanInfo& info, const ScanSummary& s);

// --- reading ---

// A string member, or `fallback` when absent or not a string.
std::string string_member(const nlohmann::json& j, const char* key, const std::string& fallback);
// A number member from 0 to 1e12 (times and durations), or nullopt.
std::optional<double> seconds_member(const nlohmann::json& j, const char* key);
std::time_t time_member(const nlohmann::json& j, const char* key);

// The host an -oJ host object or -oD line is about: "host" (a string) and "name" ("" when
// absent). False when there is no host.
bool read_host_fields(const nlohmann::json& j, std::string& host, std::string& name);
// An -oD line without "port" that carries "extraports": a host's record (--open).
bool is_extraports_record(const nlohmann::json& j);
// The members of an -oJ host object (and, for extraports, an -oD host record): its
// "results" (nullptr when absent or not a list), "extraports" (nullptr when absent) and
// "end" (0 when absent).
const nlohmann::json* host_results(const nlohmann::json& host);
const nlohmann::json* host_extraports(const nlohmann::json& j);
std::time_t host_end(const nlohmann::json& host);

// One result object of -oJ (host given) or -oD (host inside). False when it is not one.
bool read_result(const nlohmann::json& j, const std::string& host, const std::string& name,
                 PortResult& r);
// "extraports" groups {state, proto, reason, ports: "1-21,23"}: one result per port
// appended to `out` (target `host`, `name`). False when `list` is not such groups.
bool read_extraports(const nlohmann::json& list, const std::string& host, const std::string& name,
                     std::vector<PortResult>& out);
// One -oD line: a result, or (--open) a host's record of the ports not listed.
bool read_ndjson_line(std::string_view line, std::vector<PortResult>& out);

// What an -oJ head records about the scan, read back by --resume.
struct JsonHead {
  std::vector<std::string> arguments;  // "argv", else the words after `scan` in "arguments"
  std::vector<ScanType> types;         // "scan_types"
  std::time_t start = 0;
  std::time_t run_start = 0;            // "resumed"."run_start"; 0 when not resumed
  std::optional<double> earlier = 0.0;  // "resumed"."earlier_elapsed"; nullopt: not recorded
};
JsonHead read_json_head(const nlohmann::json& doc);
// Whether `doc` is a whole -oJ (or merged) document: an object with "hosts".
bool is_json_document(const nlohmann::json& doc);
// Its "hosts" list; nullptr when that is not a list.
const nlohmann::json* json_hosts(const nlohmann::json& doc);
// Whether `head` opens an -oJ document as the writer writes it (its first line).
bool is_json_head(const nlohmann::json& head);
// The whole scan's "elapsed" of the document's tail (or a merged document); nullopt when
// absent (a document cut short).
std::optional<double> read_json_elapsed(const nlohmann::json& doc);

}  // namespace sockscope::scan
