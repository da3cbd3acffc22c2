// `sockscope read FILE`: tshark -r. One summary line per packet (or -V details, or
// -T json), optionally through a display filter (-Y); FILE may be a pipe or "-" (stdin).
// The work is capture::print_file (or capture::run_filter_list for --filter-list); this
// file maps flags and writes their text out.
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "capture/filter_list.h"
#include "capture/packet_printer.h"
#include "cli/command.h"
#include "cli/options.h"
#include "cli/output_buffer.h"
#include "core/error.h"
#include "core/text.h"

namespace sockscope::cli {
namespace {
namespace file_read {

struct Flags {
  std::string file;
  std::string filter;
  long long count = 0;
  bool verbose = false;
  std::string format = "text";
  bool absolute_seq = false;
  std::string filter_list;
};

// The filters of a --filter-list file: one a line; blank lines and lines starting with
// '#' are skipped (a filter never starts with '#').
std::vector<std::string> read_filter_list(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw usage_error("cannot read filter list '" + path + "'");
  std::vector<std::string> filters;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    filters.push_back(line);
  }
  if (in.bad()) throw usage_error("cannot read filter list '" + path + "'");
  return filters;
}

// --filter-list: a line per filter (COUNT, FRAMES, WARNING, FILTER, tab-separated), each
// refused filter's reason on stderr, then exit 2 if any was refused.
int print_filter_list(const Flags& flags) {
  const std::vector<std::string> filters = read_filter_list(flags.filter_list);
  capture::FilterListResult result = capture::run_filter_list(flags.file, filters);
  std::string out;
  std::size_t refused = 0;
  for (const capture::FilterAnswer& a : result.answers) {
    if (a.refused) {
      ++refused;
      std::fprintf(stderr, "sockscope: error: %s\n", a.reason.c_str());
      out += "refused\t" + escape_nonprintable(a.reason.substr(0, a.reason.find('\n')));
    } else {
      out += std::to_string(a.frames.size()) + '\t';
      for (std::size_t i = 0; i < a.frames.size(); ++i) {
        if (i > 0) out += ' ';
        out += std::to_string(a.frames[i]);
      }
    }
    out += '\t' + escape_nonprintable(a.warning) + '\t' + escape_nonprintable(a.filter) + '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  if (!result.damage.empty()) throw usage_error(result.damage);
  if (refused > 0)
    throw usage_error(std::to_string(refused) + " of " + std::to_string(filters.size()) +
                      " filters in '" + flags.filter_list + "' were refused");
  return 0;
}

Runner setup(CLI::App& app) {
  auto flags = std::make_shared<Flags>();
  app.add_option("FILE", flags->file,
                 "pcap or pcapng file, a pipe, or - for standard input (like tshark -r -)")
      ->required();
  app.add_option("-Y,--display-filter", flags->filter,
                 "Wireshark display filter, e.g. 'tcp.port == 80'");
  check_whole_number(app.add_option("-c,--count", flags->count, "stop after N matching packets"),
                     1);
  app.add_flag("-V,--verbose", flags->verbose, "every layer's fields and a hex/ASCII dump");
  app.add_option("-T,--format", flags->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--absolute-seq", flags->absolute_seq,
               "raw TCP sequence numbers instead of relative ones");
  app.add_option("--filter-list", flags->filter_list,
                 "a file of display filters, one a line ('#' comments): run them all in one "
                 "pass and print a line per filter: how many frames it selects (or "
                 "'refused'), their numbers (or why), its warning and the filter, "
                 "tab-separated")
      ->excludes("-Y")
      ->excludes("-c")
      ->excludes("-V")
      ->excludes("-T")
      ->excludes("--absolute-seq");
  app.footer(
      "Display filters: Wireshark 4.0's syntax (== != < > contains matches in {..} && || !,\n"
      "slices [0:2,4-5], arithmetic + - * / % { }, len count upper lower string max min abs,\n"
      "layers ip.src#2 / #[1-2] on either side, & on integers, IPv4 and bytes, value names:\n"
      "arp.opcode == request, tcp.flags.syn == Set) over the dissected protocols: eth\n"
      "(padding, trailer, fcs; eth.len of 802.3 frames), llc (SNAP; IP and ARP behind it),\n"
      "stp (configuration, RST, MST, TCN), vlan and ieee8021ad (each tag a layer: vlan.id#2),\n"
      "sll (v1,\n"
      "v2), ip, ipv6 (tunnels, fragments; ipv6.hopopts, .dstopts, .routing and their options\n"
      "ipv6.opt.*, each header of a kind a layer: ipv6.opt.type#2), gre (IPv4, IPv6, bridged\n"
      "Ethernet, PPP inside; nested: gre.key#2), ppp, lcp, ipcp, pap, chap, ccp, ipv6cp\n"
      "(PPTP), icmp (every type),\n"
      "icmpv6 (neighbour discovery and its options, MLDv2 reports), arp (gratuitous, probe,\n"
      "duplicate addresses as tshark reports spoofing: arp.duplicate-address-frame),\n"
      "tcp, udp, http (headers, request/response links: http.time, http.request_in; the body\n"
      "as data-text-lines or urlencoded-form), dns (query/response links: dns.time,\n"
      "dns.response_to, dns.retransmission), dhcp (alias bootp: UDP 67/68 and quoted\n"
      "in ICMP errors; tshark's summary lines, all 564 dhcp.* field names; a warning names\n"
      "the first frame where a field we do not compute may differ), data; frame (pcapng\n"
      "interfaces, packet comments and flags: frame.comment, frame.packet_flags*,\n"
      "frame.p2p_dir, pkt_comment); frame.protocols as tshark writes it (a warning names\n"
      "the first frame where it may fall short: a protocol or media type we do not\n"
      "dissect, such as BCP inside PPP).\n"
      "A field of another protocol is refused as unknown (so is _ws.expert: we compute no\n"
      "expert info); another protocol's name alone (sip, !ntp) is taken as absent, with a\n"
      "warning from the first frame whose payload we do not dissect.\n"
      "TCP analysis as tshark's defaults: tcp.analysis.* flags, ack_rtt, acks_frame,\n"
      "bytes_in_flight, push_bytes_sent, initial_rtt, rto (-V and -T json show them too).\n"
      "Exit 0 on success, 2 on a bad filter or a damaged file (after printing what was readable).");
  return [flags] {
    if (!flags->filter_list.empty()) return print_filter_list(*flags);
    capture::PrintOptions options;
    options.filter = flags->filter;
    options.view = flags->format == "json" ? capture::PacketView::kJson
                   : flags->verbose        ? capture::PacketView::kDetails
                                           : capture::PacketView::kSummary;
    options.absolute_seq = flags->absolute_seq;
    options.count = static_cast<std::uint64_t>(flags->count);
    capture::PacketPrinter printer(options);
    std::string damage = capture::print_file(flags->file, printer, [](std::string& text) {
      std::fwrite(text.data(), 1, text.size(), stdout);
      std::fflush(stdout);
      text.clear();
    });
    // Once, after the packets: which packets a runaway `matches` gave up on is not known.
    if (std::string warning = printer.filter_warning(); !warning.empty())
      std::fprintf(stderr, "sockscope: warning: %s\n", warning.c_str());
    if (!damage.empty()) throw usage_error(damage);
    return 0;
  };
}

const bool registered =
    register_command({"read", "read a pcap/pcapng file like tshark -r", 60, setup});

}  // namespace file_read
}  // namespace
}  // namespace sockscope::cli
