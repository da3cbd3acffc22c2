#include "scan/resume.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "core/shell_words.h"
#include "net/port_spec.h"
#include "scan/result_json.h"
#include "scan/resume_xml.h"
#include "scan/scan.h"

namespace sockscope::scan {
namespace {

[[noreturn]] void bad_file(const std::string& name, const std::string& why) {
  throw usage_error("bad resume file '" + name + "': " + why);
}

// Line by line from a stream: a -oD file of millions of results never sits in memory
// whole. Only the last non-blank line may be torn.
void parse_ndjson(const std::string& name, std::istream& in, ResumeFile& out) {
  std::string line;
  std::size_t offset = 0, line_no = 0, bad_line = 0;
  std::vector<PortResult> results;
  while (std::getline(in, line)) {
    ++line_no;
    offset += line.size() + (in.eof() ? 0 : 1);
    if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
    if (bad_line) bad_file(name, "line " + std::to_string(bad_line) + " is not a scan result");
    results.clear();
    if (read_ndjson_line(line, results)) {
      for (const auto& r : results) out.results.add(r);
      out.good_bytes = offset;
    } else {
      bad_line = line_no;
    }
  }
  out.repaired = bad_line != 0;  // the line a kill -9 cut short
}

void parse_json_head(const nlohmann::json& doc, ResumeFile& out, RecordedTimes& times) {
  JsonHead head = read_json_head(doc);
  out.arguments = std::move(head.arguments);
  out.types = std::move(head.types);
  times.start = head.start;
  times.run_start = head.run_start;
  times.earlier = head.earlier;
}

void parse_json_host(const std::string& name, const nlohmann::json& h, ResumeFile& out,
                     RecordedTimes& times) {
  std::string host, host_name;
  if (!read_host_fields(h, host, host_name)) bad_file(name, "a host without an address");
  times.last_end = std::max(times.last_end, host_end(h));
  if (const nlohmann::json* results = host_results(h)) {
    for (const auto& j : *results) {
      PortResult r;
      if (!read_result(j, host, host_name, r))
        bad_file(name, "a result of " + host + " is not {port, proto, state, ...}");
      out.results.add(r);
    }
  }
  // --open: the ports not listed (ours since extraports were written; older files have
  // none, and their unlisted ports are scanned again).
  if (const nlohmann::json* extraports = host_extraports(h)) {
    std::vector<PortResult> extra;
    if (!read_extraports(*extraports, host, host_name, extra))
      bad_file(name, "the extraports of " + host + " are not [{state, proto, reason, ports}]");
    for (const auto& r : extra) out.results.add(r);
  }
}

void parse_json_document(const std::string& name, const nlohmann::json& doc, ResumeFile& out) {
  RecordedTimes times;
  parse_json_head(doc, out, times);
  const nlohmann::json* hosts = json_hosts(doc);
  if (!hosts) bad_file(name, "\"hosts\" is not a list");
  for (const auto& h : *hosts) parse_json_host(name, h, out, times);
  times.elapsed = read_json_elapsed(doc);  // absent when repaired
  times.apply(out);
}

// Our -oJ as the writer lays it out: the head on the first line, `"hosts":[`, one host a
// line (a comma after all but the last), then `],"elapsed":...}`. Read a line at a time,
// a document of millions of results never sits in memory whole (as one parsed tree it
// would cost gigabytes). False when the text is laid out otherwise (merge output, a
// document reformatted by jq): the caller then parses it whole.
bool parse_json_lines(const std::string& name, std::istream& in, ResumeFile& result) {
  ResumeFile out;
  out.path = name;
  out.format = ResumeFormat::kJson;
  auto trimmed = [](std::string line) {
    while (!line.empty() &&
           (line.back() == ',' || std::isspace(static_cast<unsigned char>(line.back()))))
      line.pop_back();
    return line;
  };
  std::string line;
  if (!std::getline(in, line)) return false;
  auto head = nlohmann::json::parse(trimmed(line) + "}", nullptr, false);
  if (head.is_discarded() || !is_json_head(head)) return false;
  if (!std::getline(in, line) || trimmed(line) != kJsonHostsLine) return false;
  RecordedTimes times;
  parse_json_head(head, out, times);
  std::size_t line_no = 2, bad_line = 0;
  bool closed = false;
  while (std::getline(in, line)) {
    ++line_no;
    std::string text = trimmed(line);
    if (text.empty()) continue;
    if (bad_line || closed)
      bad_file(name, "line " + std::to_string(bad_line ? bad_line : line_no) +
                         " is not a host of the document");
    if (text[0] == ']') {  // ],"elapsed":...,"interrupted":false}
      closed = true;
      std::string rest = "{";
      if (std::size_t comma = text.find(','); comma != std::string::npos)
        rest.append(text, comma + 1, std::string::npos);
      auto tail = nlohmann::json::parse(rest, nullptr, false);
      if (!tail.is_discarded() && tail.is_object()) times.elapsed = read_json_elapsed(tail);
      continue;
    }
    auto host = nlohmann::json::parse(text, nullptr, false);
    if (host.is_discarded())
      bad_line = line_no;  // torn, if it is the last
    else
      parse_json_host(name, host, out, times);
  }
  out.repaired = bad_line != 0 || !closed;
  times.apply(out);
  result = std::move(out);
  return true;
}

// An -oJ document cut short: hosts are written one per line, so dropping the last
// (partial) line and closing the list and the object gives the document as it was
// after the last whole host.
bool repair_json(std::string_view text, nlohmann::json& doc) {
  // Cut after the last whole host (the run was killed between hosts), else before the
  // last line (killed while writing a host, or the closing line).
  std::size_t nl = text.rfind('\n');
  for (std::string_view cut : {text, text.substr(0, nl == std::string_view::npos ? 0 : nl)}) {
    std::string head(cut);
    while (!head.empty() &&
           (head.back() == ',' || std::isspace(static_cast<unsigned char>(head.back()))))
      head.pop_back();
    head += "]}";
    doc = nlohmann::json::parse(head, nullptr, false);
    if (!doc.is_discarded() && is_json_document(doc)) return true;
  }
  return false;
}

}  // namespace

const char* resume_format_name(ResumeFormat format) {
  switch (format) {
    case ResumeFormat::kNdjson:
      return "NDJSON (-oD)";
    case ResumeFormat::kJson:
      return "JSON (-oJ)";
    case ResumeFormat::kXml:
      return "XML (-oX)";
  }
  return "?";
}

namespace {

ResumeFile parse_text(const std::string& name, std::string_view text) {
  ResumeFile out;
  out.path = name;
  std::size_t first = text.find_first_not_of(" \r\n\t");
  if (first == std::string_view::npos) return out;  // empty: nothing finished yet
  if (text[first] == '<') {
    out.format = ResumeFormat::kXml;
    parse_nmap_xml(name, text, out);
    return out;
  }
  if (text[first] != '{') bad_file(name, "neither -oD NDJSON, -oJ JSON nor -oX XML");
  if (text.substr(first).starts_with(kJsonDocumentStart)) {
    std::istringstream lines{std::string(text.substr(first))};
    if (parse_json_lines(name, lines, out)) return out;
  }
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_discarded() && is_json_document(doc)) {
    out.format = ResumeFormat::kJson;
    parse_json_document(name, doc, out);
    return out;
  }
  // An -oJ document opens with the scan's arguments and "hosts":[ on its first lines;
  // an NDJSON line is a result with "host" and "port".
  std::size_t nl = text.find('\n', first);
  std::string_view head =
      text.substr(first, nl == std::string_view::npos ? std::string_view::npos : nl - first);
  auto head_json = nlohmann::json::parse(head, nullptr, false);
  bool ndjson = !head_json.is_discarded() && head_json.is_object() && head_json.contains("host");
  bool json_head = text.substr(first).starts_with(kJsonDocumentStart) ||
                   text.substr(0, 64 * 1024).find(kJsonHostsLine) != std::string_view::npos;
  if (!ndjson && json_head) {
    out.format = ResumeFormat::kJson;
    if (!repair_json(text, doc)) bad_file(name, "a JSON document torn beyond repair");
    out.repaired = true;
    parse_json_document(name, doc, out);
    return out;
  }
  out.format = ResumeFormat::kNdjson;
  std::istringstream lines{std::string(text)};
  parse_ndjson(name, lines, out);
  return out;
}

}  // namespace

ResumeFile parse_resume_text(const std::string& name, std::string_view text) {
  ResumeFile out = parse_text(name, text);
  out.results.finish();
  return out;
}

ResumeFile read_resume_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw usage_error("cannot read resume file '" + path + "'");
  std::string line;
  std::getline(in, line);
  std::vector<PortResult> first;
  in.clear();
  in.seekg(0);
  if (read_ndjson_line(line, first)) {  // NDJSON: streamed
    ResumeFile out;
    out.path = path;
    parse_ndjson(path, in, out);
    if (in.bad()) throw usage_error("cannot read resume file '" + path + "'");
    out.results.finish();
    return out;
  }
  if (line.starts_with(kJsonDocumentStart)) {  // our -oJ: streamed when laid out as we write it
    ResumeFile out;
    if (parse_json_lines(path, in, out) && !in.bad()) {
      out.results.finish();
      return out;
    }
    in.clear();
    in.seekg(0);
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw usage_error("cannot read resume file '" + path + "'");
  return parse_resume_text(path, text);
}

void check_resume_fits(const ResumeFile& file, const ScanOptions& options) {
  auto type_names = [](const std::vector<ScanType>& types) {
    std::string s;
    for (ScanType t : types) {
      if (!s.empty()) s += '+';
      s += scan_type_name(t);
    }
    return s;
  };
  if (!file.types.empty() && file.types != options.types) {
    throw usage_error("resume file '" + file.path + "' is from a different scan: its scan type " +
                      type_names(file.types) + " is not this scan's " + type_names(options.types));
  }
  // Position of each port in each protocol's list (-1: not scanned), for the shard rule.
  std::vector<int> tcp_pos(65536, -1), udp_pos(65536, -1);
  bool scans_tcp = false, scans_udp = false;
  for (ScanType t : options.types) (t == ScanType::kUdp ? scans_udp : scans_tcp) = true;
  if (scans_tcp)
    for (std::size_t i = 0; i < options.ports.tcp.size(); ++i)
      tcp_pos[options.ports.tcp[i]] = static_cast<int>(i);
  if (scans_udp)
    for (std::size_t i = 0; i < options.ports.udp.size(); ++i)
      udp_pos[options.ports.udp[i]] = static_cast<int>(i);
  // Shards are index % count over target x port: the target's index is needed.
  std::unordered_map<net::IpAddress, std::uint64_t, net::IpAddressHash> target_index;
  bool sharded = options.shard_count > 1 && options.targets.size() <= (1u << 22);
  if (sharded) {
    for (std::uint64_t i = options.targets.size(); i-- > 0;)
      target_index[options.targets.at(i).address] = i;
  }
  file.results.for_each([&](const PortResult& r) {
    bool udp = r.proto == net::Transport::kUdp;
    int pos = (udp ? udp_pos : tcp_pos)[r.port];
    bool fits = pos >= 0 && options.targets.contains(r.target.address) &&
                !(!options.exclude.empty() && options.exclude.contains(r.target.address));
    if (fits && sharded) {
      auto it = target_index.find(r.target.address);
      std::size_t nports = (udp ? options.ports.udp : options.ports.tcp).size();
      fits = it != target_index.end() &&
             (it->second * nports + static_cast<std::uint64_t>(pos)) % options.shard_count ==
                 options.shard_index;
    }
    if (!fits) {
      throw usage_error("resume file '" + file.path + "' is from a different scan: " +
                        r.target.address.to_string() + " " + std::to_string(r.port) + "/" +
                        proto_name(r.proto) + " is not among this scan's targets, ports and shard");
    }
  });
}

void RecordedTimes::apply(ResumeFile& out) const {
  out.start = start;
  auto seconds = [](double s) {
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(std::max(0.0, s)));
  };
  if (elapsed) {
    out.elapsed = seconds(*elapsed);
  } else if (earlier) {
    // Killed before closing the file: the time up to its last whole host counts (the
    // rest is scanned again).
    std::time_t from = run_start ? run_start : start;
    double ran = last_end && from ? static_cast<double>(last_end - from) : 0.0;
    out.elapsed = seconds(*earlier + ran);
  }
}

void ResumeResults::add(const PortResult& r) {
  auto [it, inserted] = host_index_.try_emplace(r.target.address, hosts_.size());
  if (inserted) hosts_.push_back({r.target, {}});
  Host& host = hosts_[it->second];
  if (host.target.name.empty()) host.target.name = r.target.name;
  std::uint16_t reason = 0;  // 65,535 distinct words is no scanner's file: the rest share
  std::string key = r.reason;
  if (r.reason_ip) key += '\n' + r.reason_ip->to_string();
  if (auto found = reason_ids_.find(key); found != reason_ids_.end()) {
    reason = found->second;
  } else if (reasons_.size() < 0xFFFF) {
    reason = static_cast<std::uint16_t>(reasons_.size());
    reasons_.push_back({r.reason, r.reason_ip});
    reason_ids_.emplace(std::move(key), reason);
  } else if (reasons_.empty()) {
    reasons_.emplace_back();
  }
  Entry e;
  e.port = r.port;
  e.reason = reason;
  e.ttl = static_cast<std::int16_t>(std::clamp(r.ttl, -1, 255));
  e.flags = static_cast<std::uint8_t>((r.proto == net::Transport::kUdp ? 1u : 0u) |
                                      static_cast<unsigned>(r.state) << 1);
  e.window = std::clamp(r.window, -1, 0x7FFFFFFF);
  host.entries.push_back(e);
}

void ResumeResults::finish() {
  static_assert(sizeof(Entry) == 12, "a resumed result should stay small");
  size_ = 0;
  for (Host& h : hosts_) {
    // Stable: among duplicates of a pair the last added stays last, and is kept.
    std::stable_sort(h.entries.begin(), h.entries.end(),
                     [](const Entry& a, const Entry& b) { return order(a) < order(b); });
    std::vector<Entry> unique;
    unique.reserve(h.entries.size());
    for (const Entry& e : h.entries) {
      if (!unique.empty() && order(unique.back()) == order(e))
        unique.back() = e;
      else
        unique.push_back(e);
    }
    unique.shrink_to_fit();
    h.entries = std::move(unique);
    size_ += h.entries.size();
  }
}

PortResult ResumeResults::expand(const Host& host, const Entry& e) const {
  PortResult r;
  r.target = host.target;
  r.port = e.port;
  r.proto = (e.flags & 1u) ? net::Transport::kUdp : net::Transport::kTcp;
  r.state = static_cast<PortState>((e.flags >> 1) & 3u);
  r.reason = reasons_[e.reason].word;
  r.reason_ip = reasons_[e.reason].ip;
  r.ttl = e.ttl;
  r.window = e.window;
  return r;
}

std::optional<PortResult> ResumeResults::find(const net::IpAddress& address, std::uint16_t port,
                                              net::Transport proto) const {
  auto it = host_index_.find(address);
  if (it == host_index_.end()) return std::nullopt;
  const Host& host = hosts_[it->second];
  std::uint32_t key = (proto == net::Transport::kUdp ? 1u : 0u) << 16 | port;
  auto e = std::lower_bound(host.entries.begin(), host.entries.end(), key,
                            [](const Entry& a, std::uint32_t k) { return order(a) < k; });
  if (e == host.entries.end() || order(*e) != key) return std::nullopt;
  return expand(host, *e);
}

void ResumeResults::for_each(const std::function<void(const PortResult&)>& fn) const {
  for (const Host& h : hosts_)
    for (const Entry& e : h.entries) fn(expand(h, e));
}

}  // namespace sockscope::scan
