// `sockscope capture`: tcpdump/tshark live capture. libpcap opens the interface and
// compiles the BPF filter; each packet is dissected and printed as a tshark summary line
// (unless -q) and/or written to -w FILE (pcapng or pcap by extension); decoding, -Y and
// printing are capture::PacketPrinter's. Ctrl-C and SIGTERM stop the loop; the file is
// flushed and closed on every path, and flushed whenever the link goes quiet.
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "capture/capture_writer.h"
#include "capture/live_capture.h"
#include "capture/packet_printer.h"
#include "cli/command.h"
#include "cli/options.h"
#include "core/error.h"
#include "net/interrupt.h"

namespace sockscope::cli {
namespace {

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
  app.add_option("-c,--count", flags->count, "stop after N packets")->check(CLI::PositiveNumber);
  app.add_option("--duration", flags->duration, "stop after S seconds")->check(CLI::PositiveNumber);
  app.add_option("-s,--snaplen", flags->snaplen, "bytes to keep per packet")
      ->check(CLI::Range(64, 262144));
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
    if (!flags->display.empty() && !flags->write.empty())
      throw usage_error(
          "-Y '" + flags->display +
          "' with -w: display filters are not applied to the file being written (as in "
          "tshark); use a capture filter (-f) or 'sockscope read FILE -Y' afterwards");
    capture::PrintOptions print_options;
    print_options.filter = flags->display;
    print_options.view = flags->quiet ? capture::PacketView::kNone : capture::PacketView::kSummary;
    print_options.absolute_seq = flags->absolute_seq;
    capture::PacketPrinter printer(print_options);
    net::install_interrupt_handlers();
    capture::LiveOptions options;
    options.interface = flags->interface;
    options.bpf = flags->bpf;
    options.count = static_cast<std::uint64_t>(flags->count);
    options.duration = flags->duration;
    options.snaplen = static_cast<std::uint32_t>(flags->snaplen);
    options.promiscuous = !flags->no_promisc;
    options.immediate = !flags->quiet;  // -q -w: batch delivery, bursts do not overflow the ring
    capture::LiveCapture live(options);
    std::optional<capture::CaptureWriter> writer;
    if (!flags->write.empty()) {
      capture::WriterInterface iface;
      iface.name = live.info().interface;
      iface.linktype = live.info().linktype;
      iface.snaplen = live.info().snaplen;
      writer.emplace(flags->write, iface);
    }
    std::fprintf(stderr, "Capturing on '%s'\n", live.info().interface.c_str());
    auto flush = [&] {
      std::string& text = printer.text();
      if (!text.empty()) std::fwrite(text.data(), 1, text.size(), stdout);
      text.clear();
      std::fflush(stdout);
      if (writer) writer->flush();
    };
    auto last_flush = std::chrono::steady_clock::now();
    capture::LiveResult result = live.run(
        [&](const capture::Record& record) {
          if (writer) writer->write(capture::to_ns(record.ts), record.len, record.data);
          printer.add(record);
        },
        [&](std::size_t delivered) {
          // During traffic, flush at most every 100 ms: a write per packet would let a
          // burst overflow the kernel ring while we sit in system calls. When the link
          // goes quiet (a round with nothing new), flush at once, so what was captured is
          // on disk even if we are then killed without a chance to close the file.
          auto now = std::chrono::steady_clock::now();
          if (delivered > 0 && now - last_flush < std::chrono::milliseconds(100) &&
              printer.text().size() < (1u << 20))
            return;
          last_flush = now;
          flush();
        });
    flush();
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

}  // namespace
}  // namespace sockscope::cli
