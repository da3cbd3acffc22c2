// `sockscope scan`: which ports are open? nmap's flags where the meaning is the same
// (-p, -sT/-sS/-sU, -T0..5, -oN/-oX/-oG/-oA, --open, -iL, --exclude, -n, -Pn), the
// port-probing lab's words (--workers, --timeout, JSON with port/open/reason).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_set>

#include "cli/command.h"
#include "cli/options.h"
#include "cli/scan_flags.h"
#include "core/error.h"
#include "net/interrupt.h"
#include "net/socket_ops.h"
#include "scan/scan.h"

namespace sockscope::cli {
namespace {

// The pairs an earlier run wrote to its -oD (NDJSON) file: "host|port|proto".
std::unordered_set<std::string> load_resume(const std::string& path) {
  std::unordered_set<std::string> done;
  std::ifstream in(path);
  if (!in) return done;  // nothing done yet: a fresh start
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("host") || !j.contains("port"))
      continue;  // a torn last line
    done.insert(j["host"].get<std::string>() + "|" + std::to_string(j["port"].get<int>()) + "|" +
                j.value("proto", std::string("tcp")));
  }
  return done;
}

void append_log(const std::string& path, const ScanFlags& flags, const scan::ScanOptions& options,
                const scan::ScanOutcome& outcome, const std::string& command_line) {
  std::ofstream log(path, std::ios::app);
  if (!log) throw usage_error("cannot append to log file '" + path + "'");
  std::string mode;
  for (auto t : options.types)
    mode += std::string(mode.empty() ? "" : "+") + scan::scan_type_name(t);
  std::string targets;
  for (const auto& t : flags.targets) targets += (targets.empty() ? "" : " ") + t;
  std::string ports = scan::format_port_ranges(options.ports.tcp);
  if (!options.ports.udp.empty())
    ports += (ports.empty() ? "U:" : ",U:") + scan::format_port_ranges(options.ports.udp);
  char duration[32];
  std::snprintf(duration, sizeof(duration), "%.2fs", to_seconds(outcome.summary.elapsed));
  log << scan::format_time(std::time(nullptr), "%Y-%m-%dT%H:%M:%SZ") << "\tcommand=" << command_line
      << "\ttargets=" << targets << "\tports=" << ports << "\tmode=" << mode
      << "\tduration=" << duration << "\topen=" << outcome.open
      << (outcome.summary.interrupted ? "\tinterrupted" : "") << "\n";
}

class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  void update(scan::ScanType type, const scan::EngineStats& s, std::uint64_t found) {
    if (!enabled_) return;
    double secs = to_seconds(s.elapsed);
    double pct =
        s.total ? 100.0 * static_cast<double>(s.finished) / static_cast<double>(s.total) : 100;
    double rate = secs > 0 ? static_cast<double>(s.sent) / secs : 0;
    double eta =
        s.finished && s.finished < s.total
            ? secs * static_cast<double>(s.total - s.finished) / static_cast<double>(s.finished)
            : 0;
    std::fprintf(stderr, "\r%s: %5.1f%% done, %.0f probes/s, ETA %d:%02d, found=%llu   ",
                 scan::scan_type_name(type), pct, rate, static_cast<int>(eta) / 60,
                 static_cast<int>(eta) % 60, static_cast<unsigned long long>(found));
    shown_ = true;
  }
  void clear() {
    if (shown_) std::fprintf(stderr, "\r%*s\r", 70, "");
  }

 private:
  bool enabled_;
  bool shown_ = false;
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<ScanFlags>();
  add_scan_flags(app, *flags);
  return [flags] {
    net::install_interrupt_handlers();
    scan::ScanOptions options = build_scan_options(*flags);
    std::string command_line = flags->command_line();
    for (const auto& name : options.targets.unresolved()) {
      std::fprintf(stderr, "sockscope: warning: failed to resolve \"%s\"\n", name.c_str());
    }
    if (options.targets.empty())
      throw Error(ExitCode::kNetworkNo, "no targets to scan (names did not resolve)");
    net::raise_fd_limit();

    std::unordered_set<std::string> done;
    if (!flags->resume.empty()) {
      done = load_resume(flags->resume);
      if (flags->out_ndjson.empty()) flags->out_ndjson = flags->resume;
      options.already_done = [&done](const scan::IpAddress& a, std::uint16_t p, net::Transport t) {
        return done.count(a.to_string() + "|" + std::to_string(p) + "|" + scan::proto_name(t)) > 0;
      };
    }

    // Writers over files (or stdout for "-"); normal text to stdout unless stdout is taken.
    std::vector<std::unique_ptr<std::ofstream>> files;
    std::vector<std::unique_ptr<scan::ResultWriter>> writers;
    bool stdout_taken = false;
    auto stream_for = [&](const std::string& path, bool append) -> std::ostream& {
      if (path == "-") {
        stdout_taken = true;
        return std::cout;
      }
      auto f = std::make_unique<std::ofstream>(path, append ? std::ios::app : std::ios::trunc);
      if (!*f) throw usage_error("cannot write output file '" + path + "'");
      files.push_back(std::move(f));
      return *files.back();
    };
    if (!flags->out_normal.empty())
      writers.push_back(scan::make_normal_writer(stream_for(flags->out_normal, false)));
    if (!flags->out_xml.empty())
      writers.push_back(scan::make_xml_writer(stream_for(flags->out_xml, false)));
    if (!flags->out_grep.empty())
      writers.push_back(scan::make_grepable_writer(stream_for(flags->out_grep, false)));
    if (!flags->out_json.empty())
      writers.push_back(scan::make_json_writer(stream_for(flags->out_json, false)));
    if (!flags->out_ndjson.empty()) {
      writers.push_back(scan::make_ndjson_writer(
          stream_for(flags->out_ndjson, !flags->resume.empty()), flags->open_only));
    }
    if (!flags->out_csv.empty())
      writers.push_back(scan::make_csv_writer(stream_for(flags->out_csv, false), flags->open_only));
    if (!stdout_taken) writers.push_back(scan::make_normal_writer(std::cout));

    scan::ScanInfo info;
    info.command_line = command_line;
    info.start = std::time(nullptr);
    info.types = options.types;
    info.tcp_ports = options.ports.tcp;
    info.udp_ports = options.ports.udp;
    info.only_open = flags->open_only;
    info.show_reason = flags->reason;
    info.version = SOCKSCOPE_VERSION;
    for (auto& w : writers) w->begin(info);

    Progress progress(::isatty(STDERR_FILENO) == 1 && !flags->no_progress);
    std::uint64_t found = 0;
    scan::ScanEvents events;
    events.on_result = [&](const scan::PortResult& r) {
      if (r.state == scan::PortState::kOpen) ++found;
      for (auto& w : writers) w->result(r);
    };
    events.on_host = [&](const scan::HostReport& h) {
      progress.clear();
      for (auto& w : writers) w->host(h);
    };
    events.on_progress = [&](scan::ScanType t, const scan::EngineStats& s) {
      progress.update(t, s, found);
    };
    events.should_stop = [] { return net::interrupted(); };

    scan::ScanOutcome outcome = scan::run_scan(options, events);
    progress.clear();
    for (auto& w : writers) w->end(outcome.summary);
    if (!flags->log.empty()) append_log(flags->log, *flags, options, outcome, command_line);
    if (flags->stats) {
      for (const auto& [type, s] : outcome.passes) {
        std::fprintf(
            stderr,
            "%s: %llu pairs, %llu probes (%llu retransmitted), %llu drops, max %zu in flight, "
            "timeout %.3fs, %.2fs\n",
            scan::scan_type_name(type), static_cast<unsigned long long>(s.total),
            static_cast<unsigned long long>(s.sent), static_cast<unsigned long long>(s.retransmits),
            static_cast<unsigned long long>(s.drops), s.max_in_flight, to_seconds(s.timeout),
            to_seconds(s.elapsed));
      }
    }
    if (outcome.summary.interrupted) {
      std::fprintf(stderr, "sockscope: scan interrupted; outputs hold every result up to now%s\n",
                   flags->out_ndjson.empty() ? "" : " (continue with --resume)");
      return interrupted_exit_code();
    }
    return outcome.open > 0 ? 0 : static_cast<int>(ExitCode::kNetworkNo);
  };
}

const bool registered = register_command(
    {"scan", "which ports are open? connect, SYN and UDP scans (nmap-style)", 35, setup});

}  // namespace
}  // namespace sockscope::cli
