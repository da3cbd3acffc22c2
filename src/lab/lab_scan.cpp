#include "lab/lab_scan.h"

#include <ctime>
#include <fstream>
#include <sstream>

#include "fmt/format.h"
#include "lab/lab_files.h"
#include "nlohmann/json.hpp"
#include "scan/output/result_writer.h"
#include "scan/scan.h"

namespace sockscope::lab {
namespace {

// The scan of the lab's 100-port range: SYN when raw sockets are allowed in the lab's
// namespace, connect otherwise. `flag` is the nmap flag shown for the chosen type.
scan::ScanOptions range_scan(const LabState& state, std::string& flag) {
  scan::ScanOptions options;
  options.targets.add(state.host.address_string(), [](std::string_view) { return std::nullopt; });
  for (unsigned p = state.range_first; p <= state.range_last; ++p)
    options.ports.tcp.push_back(static_cast<std::uint16_t>(p));
  bool raw = scan::have_raw_privilege();
  options.types = {raw ? scan::ScanType::kSyn : scan::ScanType::kConnect};
  options.timing.max_timeout = std::max<Duration>(state.timeout, options.timing.min_timeout);
  flag = raw ? "-sS" : "-sT";
  return options;
}

// Runs `options`, handing each result, host and the end to every writer (and `info` to
// begin() first, when given: the transcript's normal output leaves the "Starting" line
// out). Collects the open ports.
scan::ScanOutcome run_with_writers(const scan::ScanOptions& options, const scan::ScanInfo* info,
                                   const std::vector<scan::ResultWriter*>& writers,
                                   std::vector<std::uint16_t>& open) {
  if (info != nullptr) {
    for (auto* w : writers) w->begin(*info);
  }
  scan::ScanEvents events;
  events.on_result = [&](const scan::PortResult& r) {
    if (r.state == scan::PortState::kOpen) open.push_back(r.port);
    for (auto* w : writers) w->result(r);
  };
  events.on_host = [&](const scan::HostReport& h) {
    for (auto* w : writers) w->host(h);
  };
  scan::ScanOutcome outcome = scan::run_scan(options, events);
  for (auto* w : writers) w->end(outcome.summary);
  return outcome;
}

}  // namespace

bool scan_for_tcp_server(LabState& state, Transcript& t) {
  std::string flag;
  scan::ScanOptions options = range_scan(state, flag);
  std::string host = state.host.address_string();
  t.line(fmt::format("$ sockscope scan {} {} -p {}-{}      (the handout: nmap {} -sS -p {}-{})",
                     host, flag, state.range_first, state.range_last, host, state.range_first,
                     state.range_last));

  // The scan's own normal output, line by line into the transcript.
  std::ostringstream text;
  auto writer = scan::make_normal_writer(text);
  std::vector<std::uint16_t> open;
  run_with_writers(options, nullptr, {writer.get()}, open);
  show_lines(t, text.str(), "scan     ", true);
  if (open.size() != 1 || open.front() != state.tcp_server->local().port()) {
    t.failed("expected the scan to find exactly the TCP server's port open");
    return false;
  }
  t.line(
      fmt::format("found the TCP server on port {} (the UDP server in the same range is not TCP)",
                  open.front()));
  state.found_tcp_port = open.front();
  return true;
}

bool save_scan_outputs(LabState& state, Transcript& t) {
  if (!state.files) state.files = std::make_unique<LabFiles>();
  std::string flag;
  scan::ScanOptions options = range_scan(state, flag);
  std::string host = state.host.address_string();
  std::string json_path = state.files->create("scan_results.json");
  std::string csv_path = state.files->create("scan_results.csv");
  std::string log_path = state.files->create("lab4-2_activity.log");
  std::string command = fmt::format(
      "sockscope scan {} {} -p {}-{} -oJ scan_results.json --csv "
      "scan_results.csv",
      host, flag, state.range_first, state.range_last);
  t.line("$ cd " + state.files->dir());
  t.line("$ " + command);

  scan::ScanInfo info;
  info.command_line = command;
  info.start = std::time(nullptr);
  info.types = options.types;
  info.tcp_ports = options.ports.tcp;
  info.version = SOCKSCOPE_VERSION;
  std::vector<std::uint16_t> open;
  scan::ScanOutcome outcome;
  {
    std::ofstream json_file(json_path, std::ios::trunc);
    std::ofstream csv_file(csv_path, std::ios::trunc);
    auto json = scan::make_json_writer(json_file);
    auto csv = scan::make_csv_writer(csv_file, false);
    outcome = run_with_writers(options, &info, {json.get(), csv.get()}, open);
  }

  // The lab's exercise: "Load scan_results.json and identify open ports".
  nlohmann::json doc = nlohmann::json::parse(read_file(json_path), nullptr, false);
  std::vector<std::uint16_t> json_open;
  std::size_t json_results = 0;
  if (doc.is_object() && doc["hosts"].is_array()) {
    for (const auto& h : doc["hosts"]) {
      for (const auto& r : h["results"]) {
        ++json_results;
        if (r.value("open", false)) json_open.push_back(r.value("port", std::uint16_t{0}));
      }
    }
  }
  t.line(fmt::format("scan_results.json: {} results; open ports: {}", json_results,
                     fmt::join(json_open, ", ")));

  // The CSV: its header and the open rows (the closed ones are the other 99 lines).
  std::string csv_text = read_file(csv_path);
  std::istringstream csv_lines(csv_text);
  std::size_t csv_rows = 0;  // after the header
  std::vector<std::uint16_t> csv_open;
  bool header = true;
  for (std::string line; std::getline(csv_lines, line); header = false) {
    if (!header) ++csv_rows;
    if (header || line.find(",open,") != std::string::npos) {
      t.line("scan_results.csv: " + line);
      if (!header)
        csv_open.push_back(static_cast<std::uint16_t>(std::stoi(line.substr(line.find(',') + 1))));
    }
  }
  t.line(fmt::format("scan_results.csv: {} rows after the header", csv_rows));

  // The activity log the handout asks for: what ran, how long it took, what it found.
  {
    std::ofstream log(log_path, std::ios::app);
    log << scan::format_time(std::time(nullptr), "%Y-%m-%dT%H:%M:%SZ") << "\t" << command << "\t"
        << fmt::format("{:.3f} s", to_seconds(outcome.summary.elapsed)) << "\t"
        << fmt::format("{} open ({}), {} results", outcome.open, fmt::join(open, ", "),
                       json_results)
        << "\n";
  }
  show_lines(t, read_file(log_path), "lab4-2_activity.log: ", true);

  auto server = state.tcp_server->local().port();
  std::vector<std::uint16_t> expected{server};
  std::size_t ports = static_cast<std::size_t>(state.range_last - state.range_first + 1);
  if (json_open != expected || csv_open != expected || json_results != ports || csv_rows != ports) {
    t.failed(
        fmt::format("expected {} results with exactly port {} open in both files", ports, server));
    return false;
  }
  return true;
}

}  // namespace sockscope::lab
