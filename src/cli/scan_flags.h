// Internal to cli/. The flags of `sockscope scan` and how they become ScanOptions.
// nmap's compound flags (-sT, -oX FILE, -iL FILE, -Pn, -T4) are single-dash options with
// a letter value, which CLI11 parses as "-s T", "-o X FILE", and so on.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "scan/output_choice.h"
#include "scan/scan.h"

namespace sockscope::cli {

struct ScanFlags {
  std::vector<std::string> targets;
  std::vector<std::string> scan_types;  // "T", "S", "U"
  std::optional<std::string> ports;     // nullopt: not given (the top ports); "" is refused
  int top_ports = 0;
  std::vector<std::string> outputs;      // pairs: letter, file (from -oN/-oX/-oG/-oJ/-oD/-oA)
  std::vector<std::string> input_lists;  // pairs: "L", file
  std::string exclude;
  std::string exclude_file;
  std::string ping;  // -Pn
  bool no_dns = false;
  bool ipv6 = false;  // -6: names resolve to their first IPv6 address
  int timing_level = 3;
  std::string timeout, max_rate, min_rate, shard;
  int max_retries = -1;
  int concurrency = 0;
  bool open_only = false;
  bool reason = false;
  bool stats = false;
  bool no_progress = false;
  std::string log, resume;
  std::string out_csv, out_lab_json;
  // Service detection (--banners, -sV): `V` among -s's letters sets `banners`.
  bool banners = false;
  bool allports = false;  // active probes on printer ports 9100-9107 too
  std::vector<std::string> fingerprints;
  std::string probe_timeout, banners_csv;
  scan::OutputChoice outputs_chosen;  // from `outputs`, out_csv and out_lab_json

  // The words after `scan`: as typed, or (--resume FILE alone) the earlier run's.
  std::vector<std::string> arguments;
};

void add_scan_flags(CLI::App& app, ScanFlags& flags);
// The output files the flags choose (usage_error for a flag without its file).
scan::OutputChoice chosen_outputs(const ScanFlags& flags);
// The timing the flags choose (-T, --timeout, --max-retries, the rates, --concurrency);
// usage_error naming a bad value. Reads no file and looks no name up.
scan::TimingOptions timing_of(const ScanFlags& flags);
// Validates flags (usage_error naming the bad value, before any probe) and resolves
// targets; fills flags.outputs_chosen.
scan::ScanOptions build_scan_options(ScanFlags& flags);

}  // namespace sockscope::cli
