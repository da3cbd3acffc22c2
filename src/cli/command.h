// Internal to cli/. How a subcommand plugs into main(): each cli/<name>.cpp registers one
// Command at static-initialisation time. setup() adds the subcommand's flags to its
// CLI::App (binding them to an options struct it owns) and returns the function that
// runs it and yields the exit code. Subcommands never call exit(); errors are thrown as
// sockscope::Error and turned into exit codes once, in main().
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace sockscope::cli {

using Runner = std::function<int()>;

struct Command {
  std::string name;
  std::string description;
  int order;  // position in `sockscope --help`
  std::function<Runner(CLI::App&)> setup;
};

bool register_command(Command command);
std::vector<Command>& registered_commands();

}  // namespace sockscope::cli
