#include "cli/scan_flags.h"

#include <sys/stat.h>

#include <algorithm>

#include "cli/options.h"
#include "core/error.h"
#include "core/text.h"
#include "scan/output/lab_json_writer.h"
#include "scan/scan_type_choice.h"
#include "scan/shard.h"

namespace sockscope::cli {
namespace {
namespace file_scan_flags {

// -iL and --excludefile: a directory opens as a stream that reads nothing, and its
// targets would be silently none.
void check_input_file(const char* flag, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    throw usage_error(std::string("bad ") + flag + " '" + path + "': a directory, not a file");
}

double parse_rate(const std::string& text, const std::string& flag) {
  double value = 0;
  if (!parse_seconds(text, value) || value > 1e8) {
    throw usage_error("bad " + flag + " '" + text + "': expected probes per second, more than 0");
  }
  return value;
}

}  // namespace file_scan_flags
}  // namespace

void add_scan_flags(CLI::App& app, ScanFlags& f) {
  app.add_option("TARGET", f.targets,
                 "IPv4/IPv6 address, host name, CIDR (192.0.2.0/28), range (192.0.2.1-20)");
  app.add_option("-p", f.ports,
                 "ports: 22 | 20-1024 | 80,443,8000-8100 | - (all) | T:80,U:53 | http,ssh");
  app.add_option("--top-ports", f.top_ports, "the N most common ports (default 1000)")
      ->check(CLI::Range(1, 65535));
  app.add_option(
      "-s", f.scan_types,
      "-sT connect (no privilege), -sS SYN (raw, IPv4 and IPv6, default as root), -sU UDP; "
      "-sV: --banners");
  app.add_option(
         "-o", f.outputs,
         "-oN/-oX/-oG/-oJ/-oD FILE (normal/XML/grepable/JSON/NDJSON), -oA BASE; '-' = stdout")
      ->expected(2)
      ->allow_extra_args(false)  // a vector option would otherwise take the target too
      ->take_all();
  app.add_option("--csv", f.out_csv,
                 "CSV file: host,port,proto,state,reason,service,ttl (--banners adds "
                 "product,version,banner,os_hint)");
  app.add_option("--lab-json", f.out_lab_json,
                 "the port-probing lab's scan_results.json: {host, elapsed, results: [{port, "
                 "open, reason}]}, reason null/refused/timeout; one host, TCP");
  app.add_option("-i", f.input_lists, "-iL FILE: read targets from FILE")
      ->expected(2)
      ->allow_extra_args(false)
      ->take_all();
  app.add_option("--exclude", f.exclude, "targets to skip, comma-separated");
  app.add_option("--excludefile", f.exclude_file, "targets to skip, from a file");
  app.add_option("-P", f.ping, "-Pn: accepted; we never ping first (every target is scanned)");
  app.add_flag("-n", f.no_dns, "no reverse DNS (we never do reverse DNS)");
  app.add_flag("-6", f.ipv6,
               "names resolve to their first IPv6 address (default: first IPv4, as nmap)");
  app.add_option("-T", f.timing_level, "timing template 0-5 (paranoid .. insane)")
      ->check(CLI::Range(0, 5));
  app.add_option("--timeout,--max-rtt-timeout", f.timeout,
                 "seconds to wait for each probe (default: adapts to RTT)");
  app.add_option("--max-retries", f.max_retries, "retransmissions of unanswered probes")
      ->check(CLI::Range(0, 50));
  app.add_option("--max-rate", f.max_rate, "probes per second, never exceeded in any 1 s window");
  app.add_option("--min-rate", f.min_rate,
                 "probes per second at least, even when loss slows the scan (<= --max-rate)");
  app.add_option("--concurrency,--workers,--max-parallelism", f.concurrency,
                 "probes in flight at most")
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--shard", f.shard,
                 "I/N: scan only part I of N (1-based); N machines cover the space once");
  app.add_option(
      "--resume", f.resume,
      "-oD/-oJ/-oX file of an interrupted run: skip what it holds; outputs get old + new;"
      " alone, re-runs the recorded command (-oJ/-oX), at a new --max-rate/--min-rate if given");
  app.add_flag("--banners", f.banners,
               "-sV: after the port scan, grab the open ports' banners in parallel (at most 6 "
               "a host, starts paced to --max-rate), name service, product and version from "
               "the fingerprints, and add them to every output (normal text: VERSION column)");
  app.add_option("--fingerprints", f.fingerprints,
                 "--banners: extra fingerprint file, tried before the shipped entries "
                 "(repeatable; format in docs/fingerprints.md)")
      ->type_name("FILE");
  app.add_option("--probe-timeout", f.probe_timeout,
                 "--banners: seconds to wait for a reply (default: scaled to the measured round "
                 "trip, 0.3-5 s)")
      ->type_name("S");
  app.add_flag("--allports", f.allports,
               "--banners: send active probes to printer ports 9100-9107 too (printers print "
               "what they are sent, so by default they get only a passive read)");
  app.add_option("--banners-csv", f.banners_csv,
                 "write the banner lab's banners.csv (host,port,service_hint,banner_snippet, RFC "
                 "4180 quoting); implies --banners")
      ->type_name("FILE");
  app.add_flag("--open", f.open_only, "show only open (or possibly open) ports");
  app.add_flag("--reason", f.reason, "add a REASON column to the normal output");
  app.add_flag("--stats", f.stats, "print probe counts, drops and timing to stderr at the end");
  app.add_flag("--no-progress", f.no_progress, "no progress line even on a terminal");
  app.add_option("--log", f.log,
                 "append one activity line per run (time, command, targets, ports, mode, open)");
  app.footer(
      "States as nmap: open, closed, filtered, open|filtered, with nmap's reasons (syn-ack, reset, "
      "conn-refused,\n"
      "no-response, port-unreach, ...). No host discovery: every target is scanned (as nmap -Pn).\n"
      "Exit 0 when some port is open, 1 when none is, 2 bad input, 3 -sS without privilege, "
      "130/143 on\n"
      "Ctrl-C/SIGTERM (every output file is closed complete up to that point; --resume FILE "
      "continues).\n"
      "--resume: every host/port pair the file holds is not probed again; its result goes into "
      "the outputs.\n"
      "With --open, -oJ/-oD/-oX keep the ports not listed as \"extraports\" port ranges (as "
      "nmap's XML),\n"
      "so those count as finished too; only pairs whose result never reached the file (after "
      "kill -9,\n"
      "a host cut short) are scanned again. The outputs give the first run's start and the "
      "scanning time\n"
      "of all runs, this run's apart (-oD records no times; after kill -9, up to its last "
      "whole host).\n"
      "--banners (-sV): every output gains service, product, version and the banner (normal "
      "text: VERSION\n"
      "column; -oX: <service product= version=>, still valid against nmap.dtd); the outputs are "
      "written\n"
      "once the banners are in. After -sS each output also gives an OS hint (a guess from TTL "
      "and window).\n"
      "Example: sockscope scan 192.0.2.10 -p 22400-22499 --open -oJ scan.json\n"
      "Example: sockscope scan -sS -sU -sV -p T:22,80,U:53 192.0.2.1 --banners-csv "
      "banners.csv");
}

scan::OutputChoice chosen_outputs(const ScanFlags& f) {
  scan::check_output_flag_values(f.arguments);
  scan::OutputChoice chosen = scan::choose_outputs(f.outputs);
  chosen.csv = f.out_csv;
  chosen.lab_json = f.out_lab_json;
  return chosen;
}

scan::TimingOptions timing_of(const ScanFlags& f) {
  scan::TimingOptions timing = scan::timing_template(f.timing_level);
  if (!f.timeout.empty()) timing.fixed_timeout = parse_timeout(f.timeout);
  // The user's number is a ceiling (nmap's meaning): loss must not raise it.
  if (f.max_retries >= 0)
    timing.max_retries = timing.loss_retries = timing.max_loss_retries = f.max_retries;
  if (!f.max_rate.empty()) timing.max_rate = file_scan_flags::parse_rate(f.max_rate, "--max-rate");
  if (!f.min_rate.empty()) timing.min_rate = file_scan_flags::parse_rate(f.min_rate, "--min-rate");
  if (timing.max_rate > 0 && timing.min_rate > timing.max_rate) {
    std::string max_rate =
        f.max_rate.empty() ? "of -T" + std::to_string(f.timing_level) : "'" + f.max_rate + "'";
    throw usage_error("bad --min-rate '" + f.min_rate + "': above --max-rate " + max_rate);
  }
  if (f.concurrency > 0) {
    timing.concurrency = static_cast<std::size_t>(f.concurrency);
    timing.initial_window = std::min(timing.initial_window, timing.concurrency);
  }
  return timing;
}

scan::ScanOptions build_scan_options(ScanFlags& f) {
  scan::ScanOptions options;
  // Every file flag first: a bad value is refused before any name is looked up.
  f.outputs_chosen = chosen_outputs(f);
  for (std::size_t i = 0; i + 1 < f.input_lists.size(); i += 2) {
    if (f.input_lists[i] != "L")
      throw usage_error("bad option '-i" + f.input_lists[i] + "': expected -iL FILE");
    file_scan_flags::check_input_file("-iL", f.input_lists[i + 1]);
  }
  if (!f.exclude_file.empty()) file_scan_flags::check_input_file("--excludefile", f.exclude_file);
  if (f.ports && f.ports->empty())
    throw usage_error("bad port spec '': expected ports, as 22 | 20-1024 | 80,443 | - (all)");

  // -sV is nmap's service detection, --banners here: not a scan type of its own.
  if (auto v = std::find(f.scan_types.begin(), f.scan_types.end(), "V"); v != f.scan_types.end()) {
    f.scan_types.erase(std::remove(f.scan_types.begin(), f.scan_types.end(), "V"),
                       f.scan_types.end());
    f.banners = true;
  }
  if (!f.banners_csv.empty()) f.banners = true;
  if (!f.banners) {
    const char* needs = !f.fingerprints.empty()    ? "--fingerprints"
                        : !f.probe_timeout.empty() ? "--probe-timeout"
                        : f.allports               ? "--allports"
                                                   : nullptr;
    if (needs != nullptr)
      throw usage_error(std::string("bad option '") + needs + "': it needs --banners (or -sV)");
  }
  if (!f.probe_timeout.empty()) (void)parse_timeout(f.probe_timeout, "--probe-timeout");

  // Scan types: at most one TCP type; -sS without privilege fails when the prober opens.
  // (whether raw sockets are allowed matters only for the default)
  options.types =
      scan::choose_scan_types(f.scan_types, f.scan_types.empty() && scan::have_raw_privilege());
  bool tcp = false, udp = false;
  for (auto t : options.types) (t == scan::ScanType::kUdp ? udp : tcp) = true;
  if (!f.ping.empty() && f.ping != "n")
    throw usage_error("bad option '-P" + f.ping + "': only -Pn is supported");

  // Targets.
  net::Resolver resolve = scan::name_resolver(f.ipv6 ? AF_INET6 : AF_INET);
  for (const auto& t : f.targets) options.targets.add(t, resolve);
  for (std::size_t i = 0; i + 1 < f.input_lists.size(); i += 2)
    options.targets.add_file(f.input_lists[i + 1], resolve);
  if (f.targets.empty() && f.input_lists.empty())
    throw usage_error("no target given: name a host, range or -iL FILE");
  if (!f.exclude.empty()) {
    std::size_t pos = 0;
    while (pos <= f.exclude.size()) {
      std::size_t comma = f.exclude.find(',', pos);
      if (comma == std::string::npos) comma = f.exclude.size();
      options.exclude.add(f.exclude.substr(pos, comma - pos), resolve);
      pos = comma + 1;
    }
  }
  if (!f.exclude_file.empty()) options.exclude.add_file(f.exclude_file, resolve);

  // Ports.
  if (f.ports) {
    options.ports = net::parse_port_spec(*f.ports, tcp, udp);
    if (options.ports.size() == 0)
      throw usage_error("bad port spec '" + *f.ports + "': no ports for the chosen scan types");
  } else {
    std::size_t n = f.top_ports > 0 ? static_cast<std::size_t>(f.top_ports) : 1000;
    if (tcp) options.ports.tcp = net::top_ports(net::Transport::kTcp, n);
    if (udp) options.ports.udp = net::top_ports(net::Transport::kUdp, n);
    std::sort(options.ports.tcp.begin(), options.ports.tcp.end());
    std::sort(options.ports.udp.begin(), options.ports.udp.end());
  }

  options.timing = timing_of(f);

  if (!f.shard.empty()) {
    scan::Shard shard = scan::parse_shard(f.shard);
    options.shard_index = shard.index;
    options.shard_count = shard.count;
  }
  if (!f.outputs_chosen.lab_json.empty())
    scan::check_lab_json_fits(options.targets.size(), options.types);
  return options;
}

}  // namespace sockscope::cli
