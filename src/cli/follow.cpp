// `sockscope follow FILE --tcp N|--udp N`: tshark -z follow,tcp,ascii,N in one command;
// `--all -d DIR` writes every stream in one pass.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "capture/follow.h"
#include "cli/command.h"
#include "cli/options.h"
#include "core/error.h"

namespace sockscope::cli {
namespace {
namespace file_follow {

struct Flags {
  std::string file;
  long long tcp = -1, udp = -1;
  std::string format = "ascii";
  bool all = false;
  std::string dir;
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("FILE", flags->file, "pcap or pcapng file")->required();
  auto* tcp =
      check_whole_number(app.add_option("--tcp", flags->tcp, "TCP stream number (tcp.stream)"), 0);
  auto* udp =
      check_whole_number(app.add_option("--udp", flags->udp, "UDP stream number (udp.stream)"), 0);
  tcp->excludes(udp);
  app.add_option("--format", flags->format, "ascii, hex or raw (tshark's layouts)")
      ->capture_default_str();
  auto* all =
      app.add_flag("--all", flags->all, "every TCP and UDP stream, in one pass, into -d DIR");
  app.add_option("-d,--dir", flags->dir, "directory for --all (created if missing)");
  all->excludes(tcp)->excludes(udp);
  app.footer(
      "Output matches 'tshark -q -z follow,tcp,FORMAT,N'. Exit 1 when the stream does not exist.");
  return [flags] {
    capture::FollowFormat format = capture::parse_follow_format(flags->format);
    if (!flags->all && !flags->dir.empty())
      throw usage_error("-d '" + flags->dir +
                        "' is for --all (one stream goes to standard output)");
    if (flags->all) {
      if (flags->dir.empty()) throw usage_error("--all needs -d DIR");
      std::error_code error;
      std::filesystem::create_directories(flags->dir, error);  // as `mkdir -p`
      if (error || !std::filesystem::is_directory(flags->dir))
        throw usage_error("bad directory '" + flags->dir + "': cannot create it (" +
                          (error ? error.message() : "not a directory") + ")");
      capture::FollowAllResult r = capture::follow_all(flags->file, format, flags->dir);
      std::fprintf(stderr, "wrote %zu TCP and %zu UDP streams to %s\n", r.tcp_streams,
                   r.udp_streams, flags->dir.c_str());
      if (!r.error.empty()) throw usage_error(r.error);
      return 0;
    }
    if (flags->tcp < 0 && flags->udp < 0)
      throw usage_error("say which stream: --tcp N, --udp N or --all -d DIR");
    capture::FollowRequest request;
    request.tcp = flags->tcp >= 0;
    request.stream = request.tcp ? flags->tcp : flags->udp;
    request.format = format;
    capture::FollowResult r = capture::follow_stream(flags->file, request);
    std::fwrite(r.text.data(), 1, r.text.size(), stdout);
    std::fflush(stdout);
    for (int node = 0; node < 2; ++node)
      if (r.missing[node] > 0)
        std::fprintf(stderr,
                     "note: node %d: %llu bytes were never captured (marked in the output)\n", node,
                     static_cast<unsigned long long>(r.missing[node]));
    if (!r.error.empty()) throw usage_error(r.error);
    if (!r.found) {
      print_error(std::string(request.tcp ? "no TCP stream " : "no UDP stream ") +
                  std::to_string(request.stream) + " in " + flags->file);
      return static_cast<int>(ExitCode::kNetworkNo);
    }
    return 0;
  };
}

const bool registered =
    register_command({"follow", "a TCP/UDP stream's payload, like Follow Stream", 65, setup});

}  // namespace file_follow
}  // namespace
}  // namespace sockscope::cli
