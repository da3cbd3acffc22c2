// `sockscope stats FILE --conv tcp|udp|ip --protocols`: tshark -z conv,... and -z io,phs.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "capture/stats.h"
#include "cli/command.h"
#include "core/error.h"

namespace sockscope::cli {
namespace {
namespace file_stats {

struct Flags {
  std::string file;
  std::vector<std::string> conv;
  bool protocols = false;
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("FILE", flags->file, "pcap or pcapng file")->required();
  app.add_option("--conv", flags->conv, "conversations: tcp, udp or ip (repeatable)")
      ->check(CLI::IsMember({"tcp", "udp", "ip"}));
  app.add_flag("--protocols", flags->protocols, "protocol hierarchy (frames and bytes per layer)");
  app.footer(
      "Layouts match 'tshark -q -z conv,tcp' and '-z io,phs'. With no option: --conv tcp --conv "
      "udp --protocols.");
  return [flags] {
    if (flags->conv.empty() && !flags->protocols) {
      flags->conv = {"tcp", "udp"};
      flags->protocols = true;
    }
    capture::StatsOptions options;
    for (const auto& c : flags->conv) {
      options.tcp |= c == "tcp";
      options.udp |= c == "udp";
      options.ip |= c == "ip";
    }
    options.protocols = flags->protocols;
    capture::StatsResult r = capture::compute_stats(flags->file, options);
    std::string out;
    for (const auto& c : flags->conv) {
      if (c == "tcp") capture::append_conversations(out, "TCP", r.tcp, true);
      if (c == "udp") capture::append_conversations(out, "UDP", r.udp, true);
      if (c == "ip") capture::append_conversations(out, "IPv4", r.ip, false);
    }
    if (flags->protocols) capture::append_hierarchy(out, r.root);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    if (flags->protocols && r.inexact_from != 0)
      std::fprintf(stderr,
                   "sockscope: warning: the protocol hierarchy may differ from tshark's from "
                   "frame %u on (a protocol or media type sockscope does not dissect; see "
                   "`read --help`)\n",
                   r.inexact_from);
    if (!r.error.empty()) throw usage_error(r.error);
    return 0;
  };
}

const bool registered =
    register_command({"stats", "conversations and protocol hierarchy", 80, setup});

}  // namespace file_stats
}  // namespace
}  // namespace sockscope::cli
