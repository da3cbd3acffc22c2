// `sockscope read FILE`: tshark -r. One summary line per packet (or -V details, or
// -T json), optionally through a display filter (-Y). Output goes out in large blocks:
// one fwrite per ~1 MiB, never one per packet.
#include <cstdio>
#include <memory>
#include <string>

#include "capture/display_filter.h"
#include "capture/packet_detail.h"
#include "capture/packet_stream.h"
#include "capture/summary.h"
#include "cli/command.h"
#include "cli/output_buffer.h"
#include "core/error.h"

namespace sockscope::cli {
namespace {

struct Flags {
  std::string file;
  std::string filter;
  long long count = 0;
  bool verbose = false;
  std::string format = "text";
  bool absolute_seq = false;
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("FILE", flags->file, "pcap or pcapng file")->required();
  app.add_option("-Y,--display-filter", flags->filter,
                 "Wireshark display filter, e.g. 'tcp.port == 80'");
  app.add_option("-c,--count", flags->count, "stop after N matching packets")
      ->check(CLI::PositiveNumber);
  app.add_flag("-V,--verbose", flags->verbose, "every layer's fields and a hex/ASCII dump");
  app.add_option("-T,--format", flags->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--absolute-seq", flags->absolute_seq,
               "raw TCP sequence numbers instead of relative ones");
  app.footer(
      "Exit 0 on success, 2 on a bad filter or a damaged file (after printing what was readable).");
  return [flags] {
    capture::DisplayFilter filter = capture::DisplayFilter::compile(flags->filter);
    capture::PacketStream stream(flags->file);
    capture::Packet p;
    capture::SummaryOptions options;
    options.absolute_seq = flags->absolute_seq;
    OutputBuffer out(stdout);
    long long shown = 0;
    bool json = flags->format == "json";
    if (json) out.text().append("[\n");
    while (stream.next(p)) {
      if (!filter.matches(p)) continue;
      options.time_digits = stream.time_digits();
      if (json) {
        if (shown > 0) out.text().append(",\n");
        capture::append_json(out.text(), p, options);
      } else if (flags->verbose) {
        capture::append_details(out.text(), p, options);
      } else {
        capture::append_summary(out.text(), p, options);
      }
      out.maybe_flush();
      if (flags->count > 0 && ++shown >= flags->count) break;
      if (flags->count == 0) ++shown;
    }
    if (json) out.text().append("\n]\n");
    out.flush();
    if (std::string w = filter.warning(); !w.empty())
      std::fprintf(stderr, "sockscope: %s\n", w.c_str());
    if (!stream.error().empty()) throw usage_error(stream.error());
    return 0;
  };
}

const bool registered =
    register_command({"read", "read a pcap/pcapng file like tshark -r", 60, setup});

}  // namespace
}  // namespace sockscope::cli
