// `sockscope explain FILE [--stream N | --udp N]`: a TCP (or UDP) stream in plain words.
#include <cstdio>
#include <memory>
#include <string>

#include "capture/explain.h"
#include "cli/command.h"
#include "cli/options.h"
#include "core/error.h"

namespace sockscope::cli {
namespace {
namespace file_explain {

struct Flags {
  std::string file;
  long long stream = -1, udp = -1;
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("FILE", flags->file, "pcap or pcapng file")->required();
  auto* s = check_whole_number(
      app.add_option("--stream,--tcp", flags->stream, "TCP stream number (default 0)"), 0);
  check_whole_number(app.add_option("--udp", flags->udp, "explain UDP stream N instead"), 0)
      ->excludes(s);
  app.footer(
      "The handshake, the data each side sent, losses and retransmissions, and the close of\n"
      "one stream, in plain words.\n"
      "Exit 0 explained; 1 no such stream; 2 bad file.\n"
      "Example (in the source tree): sockscope explain tests/data/tcp_anomalies.pcap --stream 0");
  return [flags] {
    bool tcp = flags->udp < 0;
    std::int64_t n = tcp ? (flags->stream < 0 ? 0 : flags->stream) : flags->udp;
    capture::Explanation e = capture::explain_stream(flags->file, tcp, n);
    std::string out;
    capture::append_explanation(out, e);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    if (!e.error.empty()) throw usage_error(e.error);
    return e.found ? 0 : static_cast<int>(ExitCode::kNetworkNo);
  };
}

const bool registered =
    register_command({"explain", "explain a TCP/UDP stream in plain words", 75, setup});

}  // namespace file_explain
}  // namespace
}  // namespace sockscope::cli
