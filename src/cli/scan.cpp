// `sockscope scan`: which ports are open? nmap's flags where the meaning is the same
// (-p, -sT/-sS/-sU, -T0..5, -oN/-oX/-oG/-oA, --open, -iL, --exclude, -n, -Pn), the
// port-probing lab's words (--workers, --timeout, JSON with port/open/reason).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "cli/command.h"
#include "cli/options.h"
#include "cli/scan_flags.h"
#include "core/error.h"
#include "core/shell_words.h"
#include "net/interrupt.h"
#include "net/socket_ops.h"
#include "scan/output/host_fanout.h"
#include "scan/resume_check.h"
#include "scan/scan.h"

namespace sockscope::cli {
namespace {

// `--resume FILE` with no targets: the interrupted run's own words, as nmap's --resume
// does. Only the display flags may be added; anything else would silently change the scan.
void reuse_arguments(const CLI::App& app, const scan::ResumeFile& file, ScanFlags& flags) {
  if (file.arguments.empty()) {
    throw usage_error("resume file '" + file.path + "' (" + scan::resume_format_name(file.format) +
                      ") does not record the arguments of a sockscope scan: give the targets "
                      "and ports again, or resume from the -oJ or -oX file");
  }
  for (const CLI::Option* o : app.get_options()) {
    if (o->count() == 0) continue;
    std::string name = o->get_name();
    if (name == "--resume" || name == "--stats" || name == "--no-progress") continue;
    throw usage_error("bad option '" + name +
                      "' with --resume FILE alone: the recorded arguments are re-used as they "
                      "are; give the whole command to change them");
  }
  ScanFlags recorded;
  CLI::App parser;
  add_scan_flags(parser, recorded);
  std::vector<std::string> reversed(file.arguments.rbegin(), file.arguments.rend());
  try {
    parser.parse(reversed);
  } catch (const CLI::ParseError& e) {
    throw usage_error("resume file '" + file.path +
                      "' records arguments that do not parse: " + std::string(e.what()));
  }
  recorded.reused_arguments = file.arguments;
  recorded.resume = flags.resume;
  recorded.stats = recorded.stats || flags.stats;
  recorded.no_progress = recorded.no_progress || flags.no_progress;
  flags = recorded;
}

bool same_file(const std::string& a, const std::string& b) {
  if (a == "-" || b == "-") return false;
  std::error_code ec1, ec2;
  auto ca = std::filesystem::weakly_canonical(a, ec1);
  auto cb = std::filesystem::weakly_canonical(b, ec2);
  return !ec1 && !ec2 ? ca == cb : a == b;
}

// The output files of one run. A document output that is also the resume file is written
// beside it and renamed over it at the end, so a kill -9 of the resumed run leaves the
// earlier file whole; the NDJSON resume file is appended to (its torn tail cut off).
class OutputFiles {
 public:
  enum class Mode { kTruncate, kAppend, kReplace };

  std::ostream& open(const std::string& path, Mode mode, std::size_t keep_bytes = 0) {
    if (path == "-") return std::cout;
    Entry e;
    e.path = path;
    std::string target = path;
    if (mode == Mode::kReplace) target = e.temp = path + ".resume-part";
    if (mode == Mode::kAppend) {
      std::error_code ec;
      std::filesystem::resize_file(path, keep_bytes, ec);
      if (ec) throw usage_error("cannot write output file '" + path + "': " + ec.message());
    }
    e.stream = std::make_unique<std::ofstream>(
        target, mode == Mode::kAppend ? std::ios::app : std::ios::trunc);
    if (!*e.stream) throw usage_error("cannot write output file '" + target + "'");
    if (mode == Mode::kAppend && keep_bytes > 0) {
      std::ifstream last(path, std::ios::binary);
      last.seekg(static_cast<std::streamoff>(keep_bytes) - 1);
      if (last.get() != '\n') *e.stream << '\n';  // killed between a result and its newline
    }
    files_.push_back(std::move(e));
    return *files_.back().stream;
  }

  // After every writer's end(): close, and move replacements into place.
  void close() {
    for (auto& e : files_) {
      e.stream->close();
      if (e.temp.empty()) continue;
      std::error_code ec;
      std::filesystem::rename(e.temp, e.path, ec);
      if (ec) throw usage_error("cannot replace output file '" + e.path + "': " + ec.message());
    }
  }

 private:
  struct Entry {
    std::string path, temp;
    std::unique_ptr<std::ofstream> stream;
  };
  std::vector<Entry> files_;
};

void append_log(const std::string& path, const ScanFlags& flags, const scan::ScanOptions& options,
                const scan::ScanOutcome& outcome, const std::string& command_line) {
  std::ofstream log(path, std::ios::app);
  if (!log) throw usage_error("cannot append to log file '" + path + "'");
  std::string mode;
  for (auto t : options.types)
    mode += std::string(mode.empty() ? "" : "+") + scan::scan_type_name(t);
  std::string targets;
  for (const auto& t : flags.targets) targets += (targets.empty() ? "" : " ") + t;
  std::string ports = net::format_port_ranges(options.ports.tcp);
  if (!options.ports.udp.empty())
    ports += (ports.empty() ? "U:" : ",U:") + net::format_port_ranges(options.ports.udp);
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
  return [flags, &app] {
    net::install_interrupt_handlers();
    std::optional<scan::ResumeFile> resume;
    if (!flags->resume.empty()) {
      resume = scan::read_resume_file(flags->resume);
      if (flags->targets.empty() && flags->input_lists.empty())
        reuse_arguments(app, *resume, *flags);
    }
    scan::ScanOptions options = build_scan_options(*flags);
    std::vector<std::string> arguments = flags->arguments();
    std::string command_line = ScanFlags::command_line(arguments);
    for (const auto& name : options.targets.unresolved()) {
      std::fprintf(stderr, "sockscope: warning: failed to resolve \"%s\"\n", name.c_str());
    }
    if (options.targets.empty())
      throw Error(ExitCode::kNetworkNo, "no targets to scan (names did not resolve)");
    bool append_ndjson = false;
    if (resume) {
      scan::check_resume_fits(*resume, options);
      options.resume = &resume->results;
      if (resume->format == scan::ResumeFormat::kNdjson) {
        if (flags->out_ndjson.empty()) flags->out_ndjson = flags->resume;
        append_ndjson = same_file(flags->out_ndjson, flags->resume);
      }
    }
    net::raise_fd_limit();

    // Writers over files (or stdout for "-"); normal text to stdout unless stdout is taken.
    // Every writer gets the earlier results of --resume too, except the NDJSON file that
    // already holds them and is appended to.
    OutputFiles files;
    scan::HostFanout writers;
    std::vector<bool> gets_earlier;
    bool stdout_taken = false;
    auto add = [&](const std::string& path, auto make, bool append = false) {
      if (path.empty()) return;
      stdout_taken = stdout_taken || path == "-";
      auto mode = append                                     ? OutputFiles::Mode::kAppend
                  : resume && same_file(path, flags->resume) ? OutputFiles::Mode::kReplace
                                                             : OutputFiles::Mode::kTruncate;
      std::ostream& stream = files.open(path, mode, append ? resume->good_bytes : 0);
      writers.add(make(stream), &stream);
      gets_earlier.push_back(!append);
    };
    add(flags->out_normal, scan::make_normal_writer);
    add(flags->out_xml, scan::make_xml_writer);
    add(flags->out_grep, scan::make_grepable_writer);
    add(flags->out_json, scan::make_json_writer);
    bool open_only = flags->open_only;
    add(
        flags->out_ndjson, [&](std::ostream& o) { return scan::make_ndjson_writer(o, open_only); },
        append_ndjson);
    add(flags->out_csv, [&](std::ostream& o) { return scan::make_csv_writer(o, open_only); });
    if (!stdout_taken) {
      writers.add(scan::make_normal_writer(std::cout), &std::cout);
      gets_earlier.push_back(true);
    }

    scan::ScanInfo info;
    info.command_line = command_line;
    info.arguments = arguments;
    info.run_start = info.start = std::time(nullptr);
    if (resume) {  // the outputs report the first run's start and the total scanning time
      info.resumed = true;
      info.resumed_from = resume->path;
      if (resume->start > 0) info.start = resume->start;
      info.earlier_elapsed = resume->elapsed;
    }
    info.types = options.types;
    info.tcp_ports = options.ports.tcp;
    info.udp_ports = options.ports.udp;
    info.only_open = flags->open_only;
    info.show_reason = flags->reason;
    info.version = SOCKSCOPE_VERSION;
    for (std::size_t i = 0; i < writers.size(); ++i) writers[i].begin(info);

    Progress progress(::isatty(STDERR_FILENO) == 1 && !flags->no_progress);
    // --min-rate above what the concurrency carries at the round trip measured so far
    // (the engine keeps --concurrency over the floor): one warning line, the scan goes on.
    bool warned_cap = flags->min_rate.empty();
    auto warn_if_capped = [&](const scan::EngineStats& s, bool at_end) {
      Duration per_probe = s.srtt > Duration::zero() ? s.srtt : at_end ? s.timeout : Duration{};
      auto cap = scan::concurrency_rate_cap(options.timing, per_probe);
      if (warned_cap || !cap) return;
      warned_cap = true;
      progress.clear();
      std::string concurrency =
          flags->concurrency > 0 ? "--concurrency " + std::to_string(flags->concurrency)
                                 : "the concurrency of -T" + std::to_string(flags->timing_level) +
                                       " (" + std::to_string(options.timing.concurrency) + ")";
      std::fprintf(stderr,
                   "sockscope: warning: %s caps --min-rate %s: at a %s of %.3f ms, %zu "
                   "probe%s in flight carr%s at most %.0f probes/s\n",
                   concurrency.c_str(), flags->min_rate.c_str(),
                   s.srtt > Duration::zero() ? "measured round trip" : "timeout (no answers)",
                   to_seconds(per_probe) * 1000, options.timing.concurrency,
                   options.timing.concurrency == 1 ? "" : "s",
                   options.timing.concurrency == 1 ? "ies" : "y", *cap);
    };
    std::uint64_t found = 0;
    scan::ScanEvents events;
    events.on_result = [&](const scan::PortResult& r) {
      if (r.state == scan::PortState::kOpen) ++found;
      for (std::size_t i = 0; i < writers.size(); ++i) writers[i].result(r);
    };
    events.on_earlier_result = [&](const scan::PortResult& r) {
      if (r.state == scan::PortState::kOpen) ++found;
      for (std::size_t i = 0; i < writers.size(); ++i)
        if (gets_earlier[i]) writers[i].result(r);
    };
    events.on_host = [&](const scan::HostReport& h) {
      progress.clear();
      writers.host(h);  // a large host: one thread per output stream
    };
    events.on_progress = [&](scan::ScanType t, const scan::EngineStats& s) {
      warn_if_capped(s, false);
      progress.update(t, s, found);
    };
    events.should_stop = [] { return net::interrupted(); };

    scan::ScanOutcome outcome = scan::run_scan(options, events);
    for (const auto& pass : outcome.passes) warn_if_capped(pass.second, true);
    progress.clear();
    for (std::size_t i = 0; i < writers.size(); ++i) writers[i].end(outcome.summary);
    files.close();
    if (!flags->log.empty()) append_log(flags->log, *flags, options, outcome, command_line);
    if (flags->stats) {
      for (const auto& [type, s] : outcome.passes) {
        std::fprintf(
            stderr,
            "%s: %llu pairs (%llu from --resume), %llu probes (%llu retransmitted, %llu for "
            "--min-rate), %llu drops (%llu slowdowns, %llu undone as random loss), max %zu in "
            "flight, timeout %.3fs, %.2fs\n",
            scan::scan_type_name(type), static_cast<unsigned long long>(s.total),
            static_cast<unsigned long long>(s.skipped), static_cast<unsigned long long>(s.sent),
            static_cast<unsigned long long>(s.retransmits),
            static_cast<unsigned long long>(s.floor_sends),
            static_cast<unsigned long long>(s.drops), static_cast<unsigned long long>(s.loss_cuts),
            static_cast<unsigned long long>(s.loss_undone), s.max_in_flight, to_seconds(s.timeout),
            to_seconds(s.elapsed));
      }
    }
    if (outcome.summary.interrupted) {
      // Resuming from -oJ or -oX re-uses the recorded command; from -oD it is given again.
      auto file = [](const std::string& path) { return !path.empty() && path != "-"; };
      std::string hint;
      if (file(flags->out_json) || file(flags->out_xml)) {
        hint = "; continue with: sockscope scan --resume " +
               shell_quote(file(flags->out_json) ? flags->out_json : flags->out_xml);
      } else if (file(flags->out_ndjson)) {
        hint = "; continue with the same command plus --resume " + shell_quote(flags->out_ndjson);
      }
      std::fprintf(stderr, "sockscope: scan interrupted; outputs hold every result up to now%s\n",
                   hint.c_str());
      return interrupted_exit_code();
    }
    return outcome.open > 0 ? 0 : static_cast<int>(ExitCode::kNetworkNo);
  };
}

const bool registered = register_command(
    {"scan", "which ports are open? connect, SYN and UDP scans (nmap-style)", 35, setup});

}  // namespace
}  // namespace sockscope::cli
