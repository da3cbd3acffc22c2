// `sockscope probe`: is one TCP port open? The port-probing lab's probe script.
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/options.h"
#include "core/error.h"
#include "net/interrupt.h"
#include "scan/probe.h"

namespace sockscope::cli {
namespace {

struct Flags {
  std::string host;
  std::string port;
  std::string timeout = "3";
  bool verbose = false;
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("HOST", flags->host, "name or address")->required();
  app.add_option("PORT", flags->port, "TCP port")->required();
  app.add_option("-t,--timeout", flags->timeout, "seconds to wait for the handshake")->capture_default_str();
  app.add_flag("-v,--verbose", flags->verbose, "also print 'Elapsed: N.NNs'");
  app.footer(
      "Prints 'HOST:PORT is OPEN' (exit 0) or 'HOST:PORT is CLOSED (refused|timeout|name_error|unreachable)'\n"
      "(exit 1). refused = the host answered with a reset; timeout = no answer, likely filtered.");
  return [flags] {
    net::install_interrupt_handlers();
    scan::ProbeOptions options;
    options.host = flags->host;
    options.port = net::parse_port(flags->port);
    options.timeout = parse_timeout(flags->timeout);
    scan::ProbeResult result = scan::probe_tcp(options);
    if (result.open) {
      std::printf("%s:%u is OPEN\n", flags->host.c_str(), options.port);
    } else {
      std::printf("%s:%u is CLOSED (%s)\n", flags->host.c_str(), options.port, result.reason.c_str());
    }
    if (flags->verbose) std::printf("Elapsed: %.2fs\n", to_seconds(result.elapsed));
    return result.open ? 0 : static_cast<int>(ExitCode::kNetworkNo);
  };
}

const bool registered = register_command({"probe", "check whether one TCP port is open", 30, setup});

}  // namespace
}  // namespace sockscope::cli
