// sockscope's entry point: builds the subcommand tree, parses, runs one subcommand and
// turns sockscope::Error into the documented exit codes (0 ok, 1 network said no,
// 2 bad input, 3 missing privilege).
#include <algorithm>
#include <cstdio>
#include <exception>

#include "cli/command.h"
#include "core/error.h"

namespace sockscope::cli {

std::vector<Command>& registered_commands() {
  static std::vector<Command> commands;
  return commands;
}

bool register_command(Command command) {
  registered_commands().push_back(std::move(command));
  return true;
}

}  // namespace sockscope::cli

int main(int argc, char** argv) {
  using namespace sockscope;
  CLI::App app{
      "sockscope: sockets, ports, services, chat and packets in one binary.\n"
      "Run 'sockscope SUBCOMMAND --help' for a subcommand's flags."};
  app.name("sockscope");
  app.set_version_flag("--version", std::string("sockscope ") + SOCKSCOPE_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  auto& commands = cli::registered_commands();
  std::stable_sort(commands.begin(), commands.end(),
                   [](const cli::Command& a, const cli::Command& b) { return a.order < b.order; });
  std::vector<std::pair<CLI::App*, cli::Runner>> runners;
  for (const auto& command : commands) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    runners.emplace_back(sub, command.setup(*sub));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "sockscope: error: %s (see 'sockscope --help')\n", e.what());
    return static_cast<int>(ExitCode::kUsage);
  }

  try {
    for (auto& [sub, run] : runners) {
      if (sub->parsed()) return run();
    }
    std::fprintf(stderr, "sockscope: error: no subcommand given\n");
    return static_cast<int>(ExitCode::kUsage);
  } catch (const Error& e) {
    std::fprintf(stderr, "sockscope: error: %s\n", e.what());
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sockscope: internal error: %s\n", e.what());
    return static_cast<int>(ExitCode::kInternal);
  }
}
