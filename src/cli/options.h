// Internal to cli/. Turning flag text into typed values with the one-line, exit-2 errors
// every subcommand shares, and the exit code of a run stopped by Ctrl-C or SIGTERM.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "net/address.h"

namespace sockscope::cli {

net::Transport parse_transport(const std::string& text);
// Seconds from 0.001 to 86400 ("1.5"); anything else is a usage error naming `flag`.
Duration parse_timeout(const std::string& text, const std::string& flag = "--timeout");
// A whole decimal number in [min, max]; anything else is a usage error naming `flag`.
long long parse_count(const std::string& text, const std::string& flag, long long min,
                      long long max);
// A host name or address as given; empty or with spaces/control characters is a usage error.
const std::string& require_host(const std::string& text);
// The whole of stdin, for commands whose MESSAGE argument was left out; nullopt when
// Ctrl-C or SIGTERM cut the reading short (nothing should be sent then).
std::optional<std::string> read_all_stdin();
// 128 + the signal that interrupted us (130 for Ctrl-C, 143 for SIGTERM): the shell's
// convention, so scripts can tell "stopped" from "the network said no".
int interrupted_exit_code();

}  // namespace sockscope::cli
