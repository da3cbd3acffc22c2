// Internal to cli/. Turning flag text into typed values with the one-line, exit-2 errors
// every subcommand shares, and the exit code of a run stopped by Ctrl-C or SIGTERM.
#pragma once

#include <CLI/CLI.hpp>
#include <limits>
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
// CLI11 checks that fail like parse_count and parse_timeout do ("bad --count '0':
// expected a whole number of at least 1"): CLI11's own Range/PositiveNumber print their
// double bounds in full, a 309-digit number. The error is a usage Error thrown out of
// CLI::App::parse, which main() reports like every other. Return `option`.
inline constexpr long long kNoMaximum = std::numeric_limits<long long>::max();
CLI::Option* check_whole_number(CLI::Option* option, long long min, long long max = kNoMaximum);
// Seconds from 0.001 to `max_seconds` ("1.5").
CLI::Option* check_seconds(CLI::Option* option, double max_seconds);
// A host name or address as given; empty or with spaces/control characters is a usage error.
const std::string& require_host(const std::string& text);
// The whole of stdin, for commands whose MESSAGE argument was left out; nullopt when
// Ctrl-C or SIGTERM cut the reading short (nothing should be sent then).
std::optional<std::string> read_all_stdin();
// "sockscope: error: MESSAGE" on stderr: the one prefix of every error line, whether
// main() reports a thrown Error or a command reports why the network said no.
void print_error(const std::string& message);
// 128 + the signal that interrupted us (130 for Ctrl-C, 143 for SIGTERM): the shell's
// convention, so scripts can tell "stopped" from "the network said no".
int interrupted_exit_code();

}  // namespace sockscope::cli
