// Internal to cli/. The flags of `sockscope scan` and how they become ScanOptions.
// nmap's compound flags (-sT, -oX FILE, -iL FILE, -Pn, -T4) are single-dash options with
// a letter value, which CLI11 parses as "-s T", "-o X FILE", and so on.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "scan/scan.h"

namespace sockscope::cli {

struct ScanFlags {
  std::vector<std::string> targets;
  std::vector<std::string> scan_types;  // "T", "S", "U"
  std::string ports;
  int top_ports = 0;
  std::vector<std::string> outputs;      // pairs: letter, file (from -oN/-oX/-oG/-oJ/-oD/-oA)
  std::vector<std::string> input_lists;  // pairs: "L", file
  std::string exclude;
  std::string exclude_file;
  std::string ping;  // -Pn
  bool no_dns = false;
  int timing_level = 3;
  std::string timeout, max_rate, min_rate, shard;
  int max_retries = -1;
  int concurrency = 0;
  bool open_only = false;
  bool reason = false;
  bool stats = false;
  bool no_progress = false;
  std::string log, resume;
  std::string out_normal, out_xml, out_grep, out_json, out_ndjson, out_csv;

  // --resume FILE alone: the earlier run's words after `scan`, re-used.
  std::vector<std::string> reused_arguments;

  // The words after `scan` as typed (or re-used; read from /proc/self/cmdline), and the
  // whole command line made of them.
  std::vector<std::string> arguments() const;
  static std::string command_line(const std::vector<std::string>& arguments);
};

void add_scan_flags(CLI::App& app, ScanFlags& flags);
// Validates flags (usage_error naming the bad value) and resolves targets.
scan::ScanOptions build_scan_options(ScanFlags& flags);

}  // namespace sockscope::cli
