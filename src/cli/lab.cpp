// `sockscope lab` (what `make run` runs): the socket labs re-enacted on a private
// network namespace, as a short transcript. Exit 0 when every step passed, 1 when one
// failed, 3 when no private network can be made.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/options.h"
#include "core/error.h"
#include "lab/private_network.h"
#include "lab/socket_lab.h"
#include "net/interrupt.h"

namespace sockscope::cli {
namespace {
namespace file_lab {

struct Flags {
  std::string seed = "0";
  std::string timeout = "2";
  bool keep = false;
};

class PrintingTranscript final : public lab::Transcript {
 public:
  void step(int number, std::string_view name) override {
    std::printf("%s[%d] %.*s\n", number > 1 ? "\n" : "", number, static_cast<int>(name.size()),
                name.data());
    std::fflush(stdout);
  }
  void line(std::string_view text) override {
    std::printf("    %.*s\n", static_cast<int>(text.size()), text.data());
    std::fflush(stdout);
  }
  void failed(std::string_view why) override {
    std::printf("    FAILED: %.*s\n", static_cast<int>(why.size()), why.data());
    std::fflush(stdout);
  }
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("--seed", flags->seed, "picks the servers' ports; 0 = random")
      ->type_name("N")
      ->capture_default_str();
  app.add_option("-t,--timeout", flags->timeout, "seconds for each client wait inside the lab")
      ->type_name("S")
      ->capture_default_str();
  app.add_flag("--keep", flags->keep,
               "keep the lab's files (capture, scan JSON/CSV, activity log) and say where");
  app.footer(
      "The lab's files live in a new private directory (mode 0700, files 0600) under\n"
      "$TMPDIR or /tmp, removed at the end unless --keep.\n"
      "Needs root or unprivileged user namespaces; nothing leaves the private namespace.\n"
      "Exit 0 when every step passed, 1 when one failed, 2 bad flags, 3 without a private\n"
      "network, 130/143 Ctrl-C/SIGTERM.\n"
      "Example: sudo sockscope lab --seed 42 --keep");
  return [flags] {
    auto seed = static_cast<unsigned>(parse_count(flags->seed, "--seed", 0, 4294967295LL));
    Duration timeout = parse_timeout(flags->timeout);
    // First, while the process has one thread: the kernel refuses CLONE_NEWUSER later.
    lab::PrivateNetwork network = lab::enter_private_network();
    net::install_interrupt_handlers();
    lab::LabState state;
    state.files = std::make_unique<lab::LabFiles>();
    if (flags->keep) state.files->keep();
    state.network = network.description;
    state.seed = seed;
    state.timeout = timeout;
    std::printf("sockscope lab: the socket labs on a private network\n\n");
    PrintingTranscript transcript;
    lab::LabResult result = lab::run_socket_lab(state, transcript);
    std::printf(state.files->kept() ? "\nThe lab's files are kept in %s\n"
                                    : "\nThe lab's files in %s were removed (--keep keeps them)\n",
                state.files->dir().c_str());
    if (net::interrupted()) {
      std::printf("\nLab interrupted at step '%s'; all servers stopped.\n",
                  result.failed_step.c_str());
      return interrupted_exit_code();
    }
    if (result.ok()) {
      std::printf("\nLab complete: %d of %d steps passed in %.3f s; all servers stopped.\n",
                  result.passed, result.total, to_seconds(result.elapsed));
      return 0;
    }
    std::printf("\nLab stopped at step '%s' (%d of %d passed); all servers stopped.\n",
                result.failed_step.c_str(), result.passed, result.total);
    return static_cast<int>(ExitCode::kNetworkNo);
  };
}

const bool registered = register_command(
    {"lab", "the socket labs end to end on a private network namespace (make run)", 90, setup});

}  // namespace file_lab
}  // namespace
}  // namespace sockscope::cli
