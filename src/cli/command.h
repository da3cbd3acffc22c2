// Internal to cli/. How a subcommand plugs into main(): each cli/<name>.cpp registers one
// Command at static-initialisation time. setup() adds the subcommand's flags to its
// CLI::App (binding them to an options struct it owns) and returns the function that
// runs it and yields the exit code. Subcommands never call exit(); errors are thrown as
// sockscope::Error and turned into exit codes once, in main().
//
// The cli target is a unity build (CMakeLists.txt): several cli/*.cpp share a compile, so
// each file keeps its file-local names in `namespace { namespace file_<name> {` (setup,
// registered, Flags... would clash in a plain anonymous namespace).
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

// The words of this run as typed (argv without argv[0]), set once by main() before
// parsing: CLI11 keeps no ordered list of them, and `scan` records its command.
void set_command_words(int argc, char** argv);
const std::vector<std::string>& command_words();

}  // namespace sockscope::cli
