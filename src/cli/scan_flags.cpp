#include "cli/scan_flags.h"

#include <fstream>
#include <iterator>

#include "cli/options.h"
#include "core/error.h"
#include "core/shell_words.h"
#include "core/text.h"
#include "scan/resume.h"

namespace sockscope::cli {
namespace {

double parse_rate(const std::string& text, const std::string& flag) {
  double value = 0;
  if (!parse_seconds(text, value) || value > 1e8) {
    throw usage_error("bad " + flag + " '" + text + "': expected probes per second, more than 0");
  }
  return value;
}

}  // namespace

std::vector<std::string> ScanFlags::arguments() const {
  if (!reused_arguments.empty()) return reused_arguments;
  // The words as typed, from the kernel's copy: CLI11 keeps no list of them.
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> words;
  std::size_t pos = all.find('\0');  // past argv[0]
  pos = pos == std::string::npos ? all.size() : pos + 1;
  while (pos < all.size()) {
    std::size_t end = all.find('\0', pos);
    if (end == std::string::npos) end = all.size();
    words.push_back(all.substr(pos, end - pos));
    pos = end + 1;
  }
  return scan::words_after_scan(words);
}

std::string ScanFlags::command_line(const std::vector<std::string>& arguments) {
  // Shell-quoted: pasted into a shell it is the same command, and --resume splits it
  // back into the same words.
  std::string args = shell_join(arguments);
  return args.empty() ? "sockscope scan" : "sockscope scan " + args;
}

void add_scan_flags(CLI::App& app, ScanFlags& f) {
  app.add_option("TARGET", f.targets,
                 "IPv4/IPv6 address, host name, CIDR (192.0.2.0/28), range (192.0.2.1-20)");
  app.add_option("-p", f.ports,
                 "ports: 22 | 20-1024 | 80,443,8000-8100 | - (all) | T:80,U:53 | http,ssh");
  app.add_option("--top-ports", f.top_ports, "the N most common ports (default 1000)")
      ->check(CLI::Range(1, 65535));
  app.add_option(
      "-s", f.scan_types,
      "-sT connect (no privilege), -sS SYN (raw, IPv4 and IPv6, default as root), -sU UDP");
  app.add_option(
         "-o", f.outputs,
         "-oN/-oX/-oG/-oJ/-oD FILE (normal/XML/grepable/JSON/NDJSON), -oA BASE; '-' = stdout")
      ->expected(2)
      ->take_all();
  app.add_option("--csv", f.out_csv, "CSV file: host,port,proto,state,reason,service,ttl");
  app.add_option("-i", f.input_lists, "-iL FILE: read targets from FILE")->expected(2)->take_all();
  app.add_option("--exclude", f.exclude, "targets to skip, comma-separated");
  app.add_option("--excludefile", f.exclude_file, "targets to skip, from a file");
  app.add_option("-P", f.ping, "-Pn: accepted; we never ping first (every target is scanned)");
  app.add_flag("-n", f.no_dns, "no reverse DNS (we never do reverse DNS)");
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
      " alone, re-runs the recorded command (-oJ/-oX)");
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
      "Example: sockscope scan 192.0.2.10 -p 22400-22499 --open -oJ scan.json");
}

scan::ScanOptions build_scan_options(ScanFlags& f) {
  scan::ScanOptions options;
  // Scan types: at most one TCP type; -sS without privilege fails when the prober opens.
  bool udp = false, syn = false, connect = false;
  for (const auto& t : f.scan_types) {
    for (char c : t) {
      if (c == 'T')
        connect = true;
      else if (c == 'S')
        syn = true;
      else if (c == 'U')
        udp = true;
      else
        throw usage_error("bad scan type '-s" + t + "': expected -sT, -sS or -sU");
    }
  }
  if (syn && connect) throw usage_error("bad scan types '-sS -sT': choose one TCP scan type");
  bool chosen = syn || connect || udp;
  if (!f.ping.empty() && f.ping != "n")
    throw usage_error("bad option '-P" + f.ping + "': only -Pn is supported");

  // Targets.
  net::Resolver resolve = net::system_resolver();
  for (const auto& t : f.targets) options.targets.add(t, resolve);
  for (std::size_t i = 0; i + 1 < f.input_lists.size(); i += 2) {
    if (f.input_lists[i] != "L")
      throw usage_error("bad option '-i" + f.input_lists[i] + "': expected -iL FILE");
    options.targets.add_file(f.input_lists[i + 1], resolve);
  }
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

  // Like nmap: SYN by default when raw sockets are allowed (IPv4 and IPv6 targets alike).
  if (!chosen) (scan::have_raw_privilege() ? syn : connect) = true;
  bool tcp = syn || connect;
  if (tcp) options.types.push_back(syn ? scan::ScanType::kSyn : scan::ScanType::kConnect);
  if (udp) options.types.push_back(scan::ScanType::kUdp);

  // Ports.
  if (!f.ports.empty()) {
    options.ports = net::parse_port_spec(f.ports, tcp, udp);
    if (options.ports.size() == 0)
      throw usage_error("bad port spec '" + f.ports + "': no ports for the chosen scan types");
  } else {
    std::size_t n = f.top_ports > 0 ? static_cast<std::size_t>(f.top_ports) : 1000;
    if (tcp) options.ports.tcp = net::top_ports(net::Transport::kTcp, n);
    if (udp) options.ports.udp = net::top_ports(net::Transport::kUdp, n);
    std::sort(options.ports.tcp.begin(), options.ports.tcp.end());
    std::sort(options.ports.udp.begin(), options.ports.udp.end());
  }

  // Timing.
  options.timing = scan::timing_template(f.timing_level);
  if (!f.timeout.empty()) options.timing.fixed_timeout = parse_timeout(f.timeout);
  // The user's number is a ceiling (nmap's meaning): loss must not raise it.
  if (f.max_retries >= 0)
    options.timing.max_retries = options.timing.loss_retries = options.timing.random_loss_retries =
        f.max_retries;
  if (!f.max_rate.empty()) options.timing.max_rate = parse_rate(f.max_rate, "--max-rate");
  if (!f.min_rate.empty()) options.timing.min_rate = parse_rate(f.min_rate, "--min-rate");
  if (options.timing.max_rate > 0 && options.timing.min_rate > options.timing.max_rate) {
    std::string max_rate =
        f.max_rate.empty() ? "of -T" + std::to_string(f.timing_level) : "'" + f.max_rate + "'";
    throw usage_error("bad --min-rate '" + f.min_rate + "': above --max-rate " + max_rate);
  }
  if (f.concurrency > 0) {
    options.timing.concurrency = static_cast<std::size_t>(f.concurrency);
    options.timing.initial_window =
        std::min(options.timing.initial_window, options.timing.concurrency);
  }

  // Sharding: I/N, 1-based.
  if (!f.shard.empty()) {
    auto slash = f.shard.find('/');
    long long i = 0, n = 0;
    if (slash == std::string::npos ||
        !parse_decimal(std::string_view(f.shard).substr(0, slash), 1, 1'000'000, i) ||
        !parse_decimal(std::string_view(f.shard).substr(slash + 1), 1, 1'000'000, n) || i > n) {
      throw usage_error("bad --shard '" + f.shard + "': expected I/N with 1 <= I <= N");
    }
    options.shard_index = static_cast<std::uint64_t>(i - 1);
    options.shard_count = static_cast<std::uint64_t>(n);
  }

  // Output files: -oA BASE is -oN BASE.nmap -oX BASE.xml -oG BASE.gnmap.
  for (std::size_t i = 0; i + 1 < f.outputs.size(); i += 2) {
    const std::string& kind = f.outputs[i];
    const std::string& file = f.outputs[i + 1];
    if (kind == "N")
      f.out_normal = file;
    else if (kind == "X")
      f.out_xml = file;
    else if (kind == "G")
      f.out_grep = file;
    else if (kind == "J")
      f.out_json = file;
    else if (kind == "D")
      f.out_ndjson = file;
    else if (kind == "A")
      f.out_normal = file + ".nmap", f.out_xml = file + ".xml", f.out_grep = file + ".gnmap";
    else
      throw usage_error("bad output option '-o" + kind +
                        "': expected -oN, -oX, -oG, -oJ, -oD or -oA");
  }
  return options;
}

}  // namespace sockscope::cli
