// `sockscope capture`: tcpdump/tshark live capture. libpcap opens the interface and
// compiles the BPF filter; each packet is dissected and printed as a tshark summary line
// (unless -q) and/or written to -w FILE (pcapng or pcap by extension): the run is
// capture::LiveSession's; this file maps flags and writes its text out. Ctrl-C and
// SIGTERM stop the loop and exit 130 / 143; the file is flushed whenever the link goes
// quiet and closed on every path.
#include <cstdio>
#include <memory>
#include <string>

#include "capture/live_session.h"
#include "cli/command.h"
#include "cli/options.h"
#include "cli/output_buffer.h"
#include "core/error.h"
#include "net/interrupt.h"

namespace sockscope::cli {
namespace {
namespace file_capture {

struct Flags {
  std::string interface;
  std::string bpf;
  std::string write;
  std::string display;
  long long count = 0;
  double duration = 0;
  long long snaplen = 262144;
  bool quiet = false;
  bool list = false;
  bool no_promisc = false;
  bool absolute_seq = false;
};

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("-i,--interface", flags->interface,
                 "interface to capture on (lo, eth0, any); default: the first");
  app.add_option("-f,--filter", flags->bpf,
                 "BPF capture filter, tcpdump syntax (e.g. 'tcp port 80')");
  app.add_option("-w,--write", flags->write,
                 "write packets to FILE: .pcapng -> pcapng, else classic pcap");
  app.add_option("-Y,--display-filter", flags->display,
                 "only print packets matching this display filter");
  check_whole_number(app.add_option("-c,--count", flags->count, "stop after N packets"), 1);
  check_seconds(app.add_option("--duration", flags->duration, "stop after S seconds"), 31536000);
  check_whole_number(app.add_option("-s,--snaplen", flags->snaplen, "bytes to keep per packet"), 64,
                     262144);
  app.add_flag("-q,--quiet", flags->quiet, "do not print packets (only the count at the end)");
  app.add_flag("-D,--list-interfaces", flags->list, "list the interfaces and exit");
  app.add_flag("-p,--no-promiscuous-mode", flags->no_promisc,
               "do not put the interface in promiscuous mode");
  app.add_flag("--absolute-seq", flags->absolute_seq, "raw TCP sequence numbers");
  app.footer(
      "Needs root or CAP_NET_RAW (exit 3 otherwise). Bad filters exit 2 with libpcap's message;\n"
      "-Y with -w exits 2 (as tshark: the file keeps what -f lets through). Ctrl-C / SIGTERM\n"
      "stop the capture, close the file and exit 130 / 143.");
  return [flags] {
    if (flags->list) {
      int i = 0;
      for (const auto& e : capture::list_interfaces()) {
        std::printf("%d. %s%s%s\n", ++i, e.name.c_str(),
                    e.description.empty() ? "" : (" (" + e.description + ")").c_str(),
                    e.loopback ? " [Loopback]" : "");
      }
      return 0;
    }
    capture::SessionOptions options;
    options.print.filter = flags->display;
    options.print.view = flags->quiet ? capture::PacketView::kNone : capture::PacketView::kSummary;
    options.print.absolute_seq = flags->absolute_seq;
    options.write_path = flags->write;
    options.live.interface = flags->interface;
    options.live.bpf = flags->bpf;
    options.live.count = static_cast<std::uint64_t>(flags->count);
    options.live.duration = flags->duration;
    options.live.snaplen = static_cast<std::uint32_t>(flags->snaplen);
    options.live.promiscuous = !flags->no_promisc;
    options.live.immediate = !flags->quiet;  // -q -w: ring blocks absorb bursts
    net::install_interrupt_handlers();
    capture::LiveSession session(options);
    std::fprintf(stderr, "Capturing on '%s'\n", session.info().interface.c_str());
    capture::LiveResult result = session.run([](std::string& text) {
      std::fwrite(text.data(), 1, text.size(), stdout);
      std::fflush(stdout);
      text.clear();
    });
    std::fprintf(stderr, "%llu packet%s captured", static_cast<unsigned long long>(result.packets),
                 result.packets == 1 ? "" : "s");
    if (result.dropped)
      std::fprintf(stderr, ", %llu dropped by the kernel",
                   static_cast<unsigned long long>(result.dropped));
    std::fprintf(stderr, "\n");
    return result.interrupted ? interrupted_exit_code() : 0;
  };
}

const bool registered =
    register_command({"capture", "capture packets live (libpcap, BPF, pcap/pcapng)", 55, setup});

}  // namespace file_capture
}  // namespace
}  // namespace sockscope::cli
