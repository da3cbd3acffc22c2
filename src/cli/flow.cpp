// `sockscope flow FILE`: the TCP flow graph (Wireshark's Flow Graph, TCP flows) as text,
// or --svg OUT.svg as a picture.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "capture/flow.h"
#include "cli/command.h"
#include "cli/options.h"
#include "core/error.h"

namespace sockscope::cli {
namespace {
namespace file_flow {

struct Flags {
  std::string file, filter, svg;
  bool absolute = false;
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("FILE", flags->file, "pcap or pcapng file")->required();
  app.add_option("-Y,--display-filter", flags->filter, "only packets matching this display filter");
  app.add_flag("--absolute-seq", flags->absolute,
               "raw sequence numbers (Wireshark: untick relative sequence numbers)");
  app.add_option("--svg", flags->svg, "also draw the graph into this SVG file");
  app.footer(
      "Wireshark's Statistics > Flow Graph, TCP flows: one column per address, one arrow per\n"
      "packet with its flags, Seq, Ack and Len.\n"
      "Exit 0 drawn; 1 no TCP packet (or none matches -Y); 2 bad file or filter.\n"
      "Example (in the source tree):\n"
      "  sockscope flow tests/data/tcp_anomalies.pcap -Y 'tcp.port == 65432' --absolute-seq");
  return [flags] {
    std::error_code same_error;
    if (!flags->svg.empty() && std::filesystem::equivalent(flags->svg, flags->file, same_error))
      throw usage_error("--svg '" + flags->svg +
                        "' is the capture being read: choose another file");
    capture::FlowOptions options;
    options.filter = flags->filter;
    options.absolute = flags->absolute;
    capture::FlowGraph graph = capture::build_flow(flags->file, options);
    std::string out;
    if (graph.events.empty()) {
      print_error(std::string("no TCP packets") +
                  (flags->filter.empty() ? "" : " match the filter") + " in " + flags->file);
    } else {
      capture::append_flow_text(out, graph);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    if (!flags->svg.empty()) {
      std::string svg;
      capture::append_flow_svg(svg, graph);
      std::FILE* f = std::fopen(flags->svg.c_str(), "wb");
      if (f == nullptr) throw usage_error("cannot create '" + flags->svg + "'");
      std::fwrite(svg.data(), 1, svg.size(), f);
      std::fclose(f);
    }
    if (!graph.error.empty()) throw usage_error(graph.error);
    return graph.events.empty() ? static_cast<int>(ExitCode::kNetworkNo) : 0;
  };
}

const bool registered = register_command({"flow", "TCP flow graph (text or SVG)", 70, setup});

}  // namespace file_flow
}  // namespace
}  // namespace sockscope::cli
