// Internal to cli/. Turning flag text into typed values with the one-line, exit-2 errors
// every subcommand shares.
#pragma once

#include <string>

#include "core/clock.h"
#include "net/address.h"

namespace sockscope::cli {

net::Transport parse_transport(const std::string& text);
Duration parse_timeout(const std::string& text, const std::string& flag = "--timeout");
// The whole of stdin, for commands whose MESSAGE argument was left out.
std::string read_all_stdin();

}  // namespace sockscope::cli
