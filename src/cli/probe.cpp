// `sockscope probe`: is one TCP port open? The port-probing lab's probe script.
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/options.h"
#include "cli/probe_udp.h"
#include "core/error.h"
#include "net/interrupt.h"
#include "scan/probe.h"

namespace sockscope::cli {
namespace {
namespace file_probe {

struct Flags {
  std::string host;
  std::string port;
  std::string timeout = "3";
  bool verbose = false;
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("HOST", flags->host, "name or address")->required();
  app.add_option("PORT", flags->port, "TCP port, 1-65535")->required();
  app.add_option("-t,--timeout", flags->timeout, "seconds to wait for the handshake")
      ->type_name("S")
      ->capture_default_str();
  app.add_flag("-v,--verbose", flags->verbose, "also print 'Elapsed: N.NNs'");
  auto udp = add_udp_probe_flags(app);  // --udp lives in probe_udp.cpp
  app.footer(
      "Prints 'HOST:PORT is OPEN' (exit 0) or 'HOST:PORT is CLOSED (REASON)' (exit 1), REASON\n"
      "one of: refused = the host answered with a reset; timeout = no answer, likely\n"
      "filtered; name_error = the name does not resolve; unreachable = an ICMP error or no\n"
      "route. A name is tried at each of its addresses in turn (localhost: ::1, then\n"
      "127.0.0.1), each with its share of the timeout; the first OPEN wins, otherwise the\n"
      "last answer is shown. Exit 2 bad arguments; 130/143 Ctrl-C/SIGTERM.\n"
      "Example: sockscope probe -v 192.0.2.10 22");
  return [flags, udp] {
    if (udp->udp)
      return run_udp_probe(*udp, flags->host, flags->port, flags->timeout, flags->verbose);
    net::install_interrupt_handlers();
    scan::ProbeOptions options;
    options.host = require_host(flags->host);
    options.port = net::parse_port(flags->port);
    options.timeout = parse_timeout(flags->timeout);
    scan::ProbeResult result = scan::probe_tcp(options);
    if (net::interrupted()) return interrupted_exit_code();
    if (result.open) {
      std::printf("%s:%u is OPEN\n", flags->host.c_str(), options.port);
    } else {
      std::printf("%s:%u is CLOSED (%s)\n", flags->host.c_str(), options.port,
                  result.reason.c_str());
    }
    if (flags->verbose) std::printf("Elapsed: %.2fs\n", to_seconds(result.elapsed));
    return result.open ? 0 : static_cast<int>(ExitCode::kNetworkNo);
  };
}

const bool registered =
    register_command({"probe", "check whether one TCP port is open", 30, setup});

}  // namespace file_probe
}  // namespace
}  // namespace sockscope::cli
