#include "scan/resume_json.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "scan/result_json.h"
#include "scan/resume_times.h"

namespace sockscope::scan {
namespace {

// Without the separators after the last element: trailing commas and white space.
std::string trimmed(std::string text) {
  while (!text.empty() &&
         (text.back() == ',' || std::isspace(static_cast<unsigned char>(text.back()))))
    text.pop_back();
  return text;
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
  if (!read_host_fields(h, host, host_name)) bad_resume_file(name, "a host without an address");
  times.last_end = std::max(times.last_end, host_end(h));
  if (const nlohmann::json* results = host_results(h)) {
    for (const auto& j : *results) {
      PortResult r;
      if (!read_result(j, host, host_name, r))
        bad_resume_file(name, "a result of " + host + " is not {port, proto, state, ...}");
      out.results.add(r);
    }
  }
  // --open: the ports not listed (ours since extraports were written; older files have
  // none, and their unlisted ports are scanned again).
  if (const nlohmann::json* extraports = host_extraports(h)) {
    std::vector<PortResult> extra;
    if (!read_extraports(*extraports, host, host_name, extra))
      bad_resume_file(name,
                      "the extraports of " + host + " are not [{state, proto, reason, ports}]");
    for (const auto& r : extra) out.results.add(r);
  }
}

}  // namespace

void parse_ndjson(const std::string& name, std::istream& in, ResumeFile& out) {
  std::string line;
  std::size_t offset = 0, line_no = 0, bad_line = 0;
  std::vector<PortResult> results;
  while (std::getline(in, line)) {
    ++line_no;
    offset += line.size() + (in.eof() ? 0 : 1);
    if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
    if (bad_line)
      bad_resume_file(name, "line " + std::to_string(bad_line) + " is not a scan result");
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

void parse_json_document(const std::string& name, const nlohmann::json& doc, ResumeFile& out) {
  RecordedTimes times;
  parse_json_head(doc, out, times);
  const nlohmann::json* hosts = json_hosts(doc);
  if (!hosts) bad_resume_file(name, "\"hosts\" is not a list");
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
      bad_resume_file(name, "line " + std::to_string(bad_line ? bad_line : line_no) +
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
    std::string head = trimmed(std::string(cut));
    head += "]}";
    doc = nlohmann::json::parse(head, nullptr, false);
    if (!doc.is_discarded() && is_json_document(doc)) return true;
  }
  return false;
}

}  // namespace sockscope::scan
