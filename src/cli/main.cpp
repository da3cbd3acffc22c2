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

namespace {
std::vector<std::string>& words() {
  static std::vector<std::string> list;
  return list;
}
}  // namespace

void set_command_words(int argc, char** argv) {
  words().assign(argv + (argc > 0 ? 1 : 0), argv + argc);
}
const std::vector<std::string>& command_words() {
  return words();
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
  app.footer(
      "Exit codes: 0 success; 1 the network said no (refused, timed out, closed, not\n"
      "received); 2 bad usage or input (one line names the bad value); 3 missing privilege;\n"
      "4 internal error; 130/143 stopped by Ctrl-C/SIGTERM.\n"
      "Example: sockscope serve --port 12000 & sockscope send 127.0.0.1 12000 hello");

  auto& commands = cli::registered_commands();
  std::stable_sort(commands.begin(), commands.end(),
                   [](const cli::Command& a, const cli::Command& b) { return a.order < b.order; });
  std::vector<std::pair<CLI::App*, cli::Runner>> runners;
  for (const auto& command : commands) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    runners.emplace_back(sub, command.setup(*sub));
  }

  cli::set_command_words(argc, argv);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Point at the help of the subcommand the mistake is in ("sockscope message send").
    std::string where = "sockscope";
    for (const CLI::App* at = &app;;) {
      auto parsed = at->get_subcommands();
      if (parsed.empty()) break;
      at = parsed.front();
      where += " " + at->get_name();
    }
    std::fprintf(stderr, "sockscope: error: %s (see '%s --help')\n", e.what(), where.c_str());
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
