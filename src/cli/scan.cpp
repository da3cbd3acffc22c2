// `sockscope scan`: which ports are open? nmap's flags where the meaning is the same
// (-p, -sT/-sS/-sU, -T0..5, -oN/-oX/-oG/-oA, --open, -iL, --exclude, -n, -Pn), the
// port-probing lab's words (--workers, --timeout, JSON with port/open/reason).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "cli/command.h"
#include "cli/options.h"
#include "cli/scan_flags.h"
#include "core/error.h"
#include "core/shell_words.h"
#include "discover/service_detection.h"
#include "net/interrupt.h"
#include "net/socket_ops.h"
#include "scan/activity_log.h"
#include "scan/recorded_command.h"
#include "scan/resume.h"
#include "scan/resume_check.h"
#include "scan/scan.h"
#include "scan/scan_outputs.h"

namespace sockscope::cli {
namespace {
namespace file_scan {

// The recorded words parsed as a scan's flags.
ScanFlags parse_recorded(const scan::ResumeFile& file, const std::vector<std::string>& words) {
  ScanFlags recorded;
  CLI::App parser;
  add_scan_flags(parser, recorded);
  std::vector<std::string> reversed(words.rbegin(), words.rend());
  try {
    parser.parse(reversed);
  } catch (const CLI::ParseError& e) {
    throw usage_error("resume file '" + file.path +
                      "' records arguments that do not parse: " + std::string(e.what()));
  }
  recorded.arguments = words;
  return recorded;
}

// `--resume FILE` with no targets: the interrupted run's own words, as nmap's --resume
// does. The display flags may be added, and the pacing flags (--max-rate, --min-rate)
// changed: they set how fast the remaining probes go out, never which ones or how a
// port's state is decided, so it is still the recorded scan. Anything else would
// silently make it another one.
void reuse_arguments(const CLI::App& app, const scan::ResumeFile& file, ScanFlags& flags) {
  if (file.arguments.empty()) {
    throw usage_error("resume file '" + file.path + "' (" + scan::resume_format_name(file.format) +
                      ") does not record the arguments of a sockscope scan: give the targets "
                      "and ports again, or resume from the -oJ or -oX file");
  }
  std::vector<std::pair<std::string, std::string>> paced;  // flag, new value
  for (const CLI::Option* o : app.get_options()) {
    if (o->count() == 0) continue;
    std::string name = o->get_name();
    if (name == "--resume" || name == "--stats" || name == "--no-progress") continue;
    if (name == "--max-rate" || name == "--min-rate") {
      const std::string& value = name == "--max-rate" ? flags.max_rate : flags.min_rate;
      // An empty value would quietly drop the recorded rate instead of setting one.
      if (value.empty())
        throw usage_error("bad " + name + " '': expected probes per second, more than 0");
      paced.emplace_back(name, value);
      continue;
    }
    throw usage_error("bad option '" + name +
                      "' with --resume FILE alone: the recorded arguments are re-used as they "
                      "are (only --max-rate and --min-rate may change); give the whole command "
                      "to change them");
  }
  ScanFlags recorded = parse_recorded(file, file.arguments);
  if (!paced.empty()) {
    std::vector<std::string> words = file.arguments;
    for (const auto& [flag, value] : paced) words = scan::with_option_value(words, flag, value);
    ScanFlags updated = parse_recorded(file, words);
    // Checked before anything is printed: a bad value gets one error line, nothing more.
    (void)timing_of(updated);
    for (const auto& [flag, value] : paced) {
      const std::string& before = flag == "--max-rate" ? recorded.max_rate : recorded.min_rate;
      std::string was = before.empty() ? "none recorded" : "recorded " + before;
      std::fprintf(stderr, "sockscope: --resume %s: %s %s (%s)\n",
                   shell_quote(flags.resume).c_str(), flag.c_str(), value.c_str(), was.c_str());
    }
    recorded = std::move(updated);
  }
  recorded.resume = flags.resume;
  recorded.stats = recorded.stats || flags.stats;
  recorded.no_progress = recorded.no_progress || flags.no_progress;
  flags = recorded;
}

// --resume FILE alone runs what the file records, and the file may come from someone
// else: say what runs, and before any file is read or name looked up, refuse outputs
// its owner could not have written and inputs it could not have read.
void check_reused_command(const ScanFlags& flags) {
  std::fprintf(stderr, "sockscope: --resume %s re-runs: %s\n", shell_quote(flags.resume).c_str(),
               scan::scan_command_line(flags.arguments).c_str());
  uid_t owner = scan::file_owner(flags.resume);
  for (const auto& [flag, path] : chosen_outputs(flags).chosen())
    scan::check_recorded_output(flag, path, owner);
  if (!flags.log.empty()) scan::check_recorded_output("--log", flags.log, owner);
  for (std::size_t i = 0; i + 1 < flags.input_lists.size(); i += 2)
    scan::check_recorded_input("-iL", flags.input_lists[i + 1], owner);
  if (!flags.exclude_file.empty())
    scan::check_recorded_input("--excludefile", flags.exclude_file, owner);
}

// --banners: the scan's results and finished hosts, held for service detection, then
// given to the writers as the scan would have (earlier results apart, for --resume).
struct HeldResults {
  std::vector<scan::HostReport> hosts;
  std::set<std::tuple<net::IpAddress, net::Transport, std::uint16_t>> earlier;
  // Results of hosts not finished yet, by address (a --resume result need not carry
  // its target index).
  std::map<net::IpAddress, std::vector<scan::PortResult>> pending;

  void result(const scan::PortResult& r, bool was_earlier) {
    if (was_earlier) earlier.emplace(r.target.address, r.proto, r.port);
    pending[r.target.address].push_back(r);
  }
  void host(const scan::HostReport& h) {
    pending.erase(h.target.address);
    hosts.push_back(h);
  }
  void write(scan::ScanOutputs& outputs) {
    auto give = [&](const scan::PortResult& r) {
      if (earlier.count({r.target.address, r.proto, r.port}))
        outputs.earlier_result(r);
      else
        outputs.result(r);
    };
    for (const scan::HostReport& h : hosts) {
      for (const scan::PortResult& r : h.results) give(r);
      outputs.host(h);
    }
    for (const auto& [index, results] : pending)
      for (const scan::PortResult& r : results) give(r);
  }
};

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
    flags->arguments = scan::words_after_scan(command_words());
    std::optional<scan::ResumeFile> resume;
    bool reused = false;
    if (!flags->resume.empty()) {
      resume = scan::read_resume_file(flags->resume);
      reused = flags->targets.empty() && flags->input_lists.empty();
      if (reused) reuse_arguments(app, *resume, *flags);
    }
    if (reused) check_reused_command(*flags);
    scan::ScanOptions options = build_scan_options(*flags);
    for (const auto& name : options.targets.unresolved()) {
      std::fprintf(stderr, "sockscope: warning: failed to resolve \"%s\"\n", name.c_str());
    }
    if (options.targets.empty())
      throw Error(ExitCode::kNetworkNo, "no targets to scan (names did not resolve)");
    if (resume) {
      scan::check_resume_fits(*resume, options);
      options.resume = &resume->results;
    }
    net::raise_fd_limit();

    // --banners: the fingerprints are read now, so a bad file costs no probe.
    std::optional<discover::FingerprintDb> fingerprints;
    discover::ServiceDetectionOptions detection;
    if (flags->banners) {
      fingerprints = discover::FingerprintDb::builtin();
      for (const auto& file : flags->fingerprints) fingerprints->add_file(file);
      detection.max_rate = options.timing.max_rate;
      detection.probe_printers = flags->allports;
      if (!flags->probe_timeout.empty())
        detection.probe_timeout = parse_timeout(flags->probe_timeout, "--probe-timeout");
    }

    // The log and every output file are opened now: a path that cannot be written is
    // refused before any probe (the log first: opening it truncates nothing).
    std::optional<scan::ActivityLog> log;
    if (!flags->log.empty()) log.emplace(flags->log);
    std::ofstream banners_csv;
    if (!flags->banners_csv.empty()) {
      banners_csv.open(flags->banners_csv, std::ios::binary | std::ios::trunc);
      if (!banners_csv)
        throw usage_error("cannot write --banners-csv '" + flags->banners_csv + "'");
    }
    scan::OutputChoice chosen =
        scan::ScanOutputs::with_resume_default(flags->outputs_chosen, resume ? &*resume : nullptr);
    scan::ScanOutputs outputs(chosen, flags->open_only, resume ? &*resume : nullptr);

    scan::ScanInfo info = scan::describe_run(options, flags->arguments, resume ? &*resume : nullptr,
                                             std::time(nullptr));
    info.only_open = flags->open_only;
    info.show_reason = flags->reason;
    info.service_detection = flags->banners;
    info.version = SOCKSCOPE_VERSION;
    outputs.begin(info);
    // --banners holds each host until its banners are grabbed, after the port scan;
    // results of a host that never finished (Ctrl-C) wait in `pending` for the end.
    HeldResults held;

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
      if (flags->banners)
        held.result(r, false);
      else
        outputs.result(r);
    };
    events.on_earlier_result = [&](const scan::PortResult& r) {
      if (r.state == scan::PortState::kOpen) ++found;
      if (flags->banners)
        held.result(r, true);
      else
        outputs.earlier_result(r);
    };
    events.on_host = [&](const scan::HostReport& h) {
      progress.clear();
      if (flags->banners)
        held.host(h);
      else
        outputs.host(h);  // a large host: one thread per output stream
    };
    events.on_progress = [&](scan::ScanType t, const scan::EngineStats& s) {
      warn_if_capped(s, false);
      progress.update(t, s, found);
    };
    events.should_stop = [] { return net::interrupted(); };

    scan::ScanOutcome outcome = scan::run_scan(options, events);
    for (const auto& pass : outcome.passes) warn_if_capped(pass.second, true);
    progress.clear();
    if (flags->banners) {
      // The outputs' scanning time includes detection, as nmap -sV's does.
      auto detect_start = std::chrono::steady_clock::now();
      if (!net::interrupted())
        discover::detect_services(held.hosts, *fingerprints, detection,
                                  [] { return net::interrupted(); });
      outcome.summary.elapsed +=
          std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - detect_start);
      outcome.summary.end = std::time(nullptr);
      held.write(outputs);
      if (banners_csv.is_open()) {
        discover::write_banners_csv(banners_csv, held.hosts);
        banners_csv.flush();
        if (!banners_csv)
          throw Error(ExitCode::kInternal,
                      "writing --banners-csv '" + flags->banners_csv + "' failed");
      }
      outcome.summary.interrupted = outcome.summary.interrupted || net::interrupted();
    }
    outputs.end(outcome.summary);
    if (log) {
      scan::ActivityRecord record;
      record.when = std::time(nullptr);
      record.command_line = info.command_line;
      record.targets = flags->targets;
      record.types = options.types;
      record.ports = options.ports;
      record.elapsed = outcome.summary.elapsed;
      record.open = outcome.open;
      record.interrupted = outcome.summary.interrupted;
      log->append(record);
    }
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
      if (file(chosen.json) || file(chosen.xml)) {
        hint = "; continue with: sockscope scan --resume " +
               shell_quote(file(chosen.json) ? chosen.json : chosen.xml);
      } else if (file(chosen.ndjson)) {
        hint = "; continue with the same command plus --resume " + shell_quote(chosen.ndjson);
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

}  // namespace file_scan
}  // namespace
}  // namespace sockscope::cli
