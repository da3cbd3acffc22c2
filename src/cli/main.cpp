// sockscope's entry point: builds the subcommand tree, parses, runs one subcommand and
// turns sockscope::Error into the documented exit codes (0 ok, 1 network said no,
// 2 bad input, 3 missing privilege).
#include <algorithm>
#include <cstdio>
#include <exception>
#include <string_view>
#include <vector>

#include "cli/command.h"
#include "cli/options.h"
#include "core/error.h"
#include "core/text.h"

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
namespace file_main {
std::vector<std::string>& words() {
  static std::vector<std::string> list;
  return list;
}
}  // namespace file_main
}  // namespace

void set_command_words(int argc, char** argv) {
  file_main::words().assign(argv + (argc > 0 ? 1 : 0), argv + argc);
}
const std::vector<std::string>& command_words() {
  return file_main::words();
}

namespace {
namespace file_main {

// Edit distance with adjacent swaps counted as one edit (optimal string alignment), so
// "scna" is one edit from "scan".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// The subcommand of `level` nearest to `word`, or "" when none is close (at most two
// edits, and fewer than half the word's letters): "bogus" gets no suggestion.
std::string nearest_subcommand(const CLI::App& level, std::string_view word) {
  std::string best;
  std::size_t best_distance = 3;
  for (const CLI::App* sub : level.get_subcommands([](const CLI::App*) { return true; })) {
    std::size_t d = edit_distance(word, sub->get_name());
    if (d < best_distance && 2 * d < word.size()) {
      best = sub->get_name();
      best_distance = d;
    }
  }
  return best;
}

// CLI11 takes an unknown subcommand for a stray argument and says only "A subcommand is
// required". The levels that hold subcommands (sockscope, sockscope message) have no flag
// that takes a value, so at each of them the first word that is not a flag names the
// subcommand: an unknown one is named, with the nearest. Returns false when one is
// unknown (the line is printed).
bool check_subcommands(const CLI::App& app, int argc, char** argv) {
  const CLI::App* level = &app;
  std::string where = "sockscope";
  for (int i = 1; i < argc; ++i) {
    std::string_view word = argv[i];
    if (word == "--") return true;  // CLI11 reports what follows
    if (word.starts_with('-')) continue;
    if (level->get_subcommands([](const CLI::App*) { return true; }).empty()) return true;
    const CLI::App* next = nullptr;
    for (const CLI::App* sub : level->get_subcommands([](const CLI::App*) { return true; })) {
      if (sub->get_name() == word) next = sub;
    }
    if (next == nullptr) {
      std::string nearest = nearest_subcommand(*level, word);
      print_error("unknown subcommand '" + escape_nonprintable(word) + "'" +
                  (nearest.empty() ? "" : "; did you mean '" + nearest + "'?") + " (see '" + where +
                  " --help')");
      return false;
    }
    level = next;
    where += " " + next->get_name();
  }
  return true;
}

}  // namespace file_main
}  // namespace

}  // namespace sockscope::cli

int main(int argc, char** argv) {
  using namespace sockscope;
  using cli::print_error;
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
      "Example, in two terminals (the server first):\n"
      "  sockscope serve --port 12000\n"
      "  sockscope send 127.0.0.1 12000 hello");

  auto& commands = cli::registered_commands();
  std::stable_sort(commands.begin(), commands.end(),
                   [](const cli::Command& a, const cli::Command& b) { return a.order < b.order; });
  std::vector<std::pair<CLI::App*, cli::Runner>> runners;
  for (const auto& command : commands) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    runners.emplace_back(sub, command.setup(*sub));
  }

  cli::set_command_words(argc, argv);
  if (!cli::file_main::check_subcommands(app, argc, argv))
    return static_cast<int>(ExitCode::kUsage);
  try {
    app.parse(argc, argv);
  } catch (const Error& e) {  // a check of ours (cli/options.h) refused a flag's value
    print_error(e.what());
    return static_cast<int>(e.code());
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
    print_error(std::string(e.what()) + " (see '" + where + " --help')");
    return static_cast<int>(ExitCode::kUsage);
  }

  try {
    for (auto& [sub, run] : runners) {
      if (sub->parsed()) return run();
    }
    print_error("no subcommand given");
    return static_cast<int>(ExitCode::kUsage);
  } catch (const Error& e) {
    print_error(e.what());
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    print_error(std::string("internal error: ") + e.what());
    return static_cast<int>(ExitCode::kInternal);
  }
}
