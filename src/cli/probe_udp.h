// Internal to cli/. `sockscope probe --udp`: the UDP lab's udp_probe_simple.py, kept in a
// file of its own; probe.cpp adds these flags and hands over when --udp is given.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

namespace sockscope::cli {

struct UdpProbeFlags {
  bool udp = false;
  std::string payload_hex;
  bool json = false;
};

// Adds --udp, --payload HEX and --json to `probe`.
std::shared_ptr<UdpProbeFlags> add_udp_probe_flags(CLI::App& app);

// Runs the UDP probe and prints it; returns the exit code (0 a reply, 1 none or closed).
int run_udp_probe(const UdpProbeFlags& flags, const std::string& host, const std::string& port,
                  const std::string& timeout, bool verbose);

}  // namespace sockscope::cli
