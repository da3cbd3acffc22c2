// The TCP options as Wireshark 4.0's packet-tcp.c adds them: each option is dissected
// by the dissector its kind is registered to (the "tcp.option" table), which adds a
// protocol of its own (tcp.options.mss, tcp.options.nop, ...; any other kind
// tcp.options.unknown) over the option's bytes from its kind byte on. Its value is what
// the segment holds of them: an option the snap length cut is there, shorter
// (`tcp.options.mss == 02:04`, `len(tcp.options.mss) == 2`). The options listed are
// those tcp.option_kind lists (TcpHeader::option_kinds, the cut one included).
//
// The SACK option adds each edge it reads (tcp.options.sack_le, sack_re: relative to the
// peer's first sequence number, as tcp.ack is), then the number of blocks
// (tcp.options.sack.count) unless the segment cut the option first.
#include "capture/filter/fields.h"

namespace sockscope::capture::filter {
namespace {

using enum FieldId;

FieldId option_protocol(std::uint8_t kind) {
  switch (kind) {
    case 0:
      return kTcpOptEol;
    case 1:
      return kTcpOptNop;
    case 2:
      return kTcpOptMss;
    case 3:
      return kTcpOptWscale;
    case 4:
      return kTcpOptSackPerm;
    case 5:
      return kTcpOptSack;
    case 6:
      return kTcpOptEcho;
    case 7:
      return kTcpOptEchoreply;
    case 8:
      return kTcpOptTimestamp;
    case 11:
      return kTcpOptCc;
    case 12:
      return kTcpOptCcnew;
    case 13:
      return kTcpOptCcecho;
    case 19:
      return kTcpOptMd5;
    case 20:
      return kTcpOptScps;
    case 21:
      return kTcpOptSnack;
    case 22:
      return kTcpOptScpsrec;
    case 23:
      return kTcpOptScpscor;
    case 27:
      return kTcpOptQs;
    case 28:
      return kTcpOptUserTo;
    case 29:
      return kTcpOptAo;
    case 30:  // Multipath TCP: the protocol `mptcp`, none of these
      return kFrame;
    case 34:
      return kTcpOptTfo;
    case 76:
      return kTcpOptRvbdProbe;
    case 78:
      return kTcpOptRvbdTrpy;
    case 172:  // AccECN, order 0 and order 1
    case 174:
      return kTcpOptAccEcn;
    case 253:  // RFC 4727's experimental kinds
    case 254:
      return kTcpOptExperimental;
    default:
      return kTcpOptUnknown;
  }
}

// The options Wireshark dissected: those tcp.option_kind lists.
int listed_options(const TcpHeader& t) {
  if (!t.options_reached) return 0;
  return std::min<int>(t.option_count + (t.option_value_cut ? 1 : 0),
                       static_cast<int>(t.option_kinds.size()));
}

}  // namespace

int tcp_option_field_values(FieldId id, const Packet& p, Value* out, int cap) {
  const TcpHeader& t = p.tcp;
  const int listed = listed_options(t);
  if (id == kTcpOptSackLe || id == kTcpOptSackRe || id == kTcpOptSackCount) {
    bool whole = false, cut = false;  // a SACK option the segment holds, one it cut
    for (int k = 0; k < listed; ++k)
      if (t.option_kinds[static_cast<std::size_t>(k)] == 5)
        (k < t.option_count ? whole : cut) = true;
    if (!whole && !cut) return 0;
    if (id == kTcpOptSackCount) return whole ? put_u(out, t.sack_blocks) : 0;
    // the other side's base sequence number, once known (none without the analysis)
    const bool analysed = p.has(kProtoTcp) || (p.partial == kProtoTcp && !t.short_segment);
    const std::uint32_t base = analysed ? p.tcpa.ack_base : 0;
    int n = 0;
    for (std::size_t e = id == kTcpOptSackLe ? 0 : 1; e < t.sack_edges; e += 2) {
      if (n < cap) out[n].u = static_cast<std::uint32_t>(t.sack[e] - base);
      ++n;
    }
    return n;
  }
  int n = 0;
  for (int k = 0; k < listed; ++k) {
    const auto i = static_cast<std::size_t>(k);
    if (option_protocol(t.option_kinds[i]) != id) continue;
    const std::size_t at = t.option_offsets[i];
    const std::size_t len = t.option_kinds[i] <= 1 ? 1 : t.option_lens[i];
    if (at >= t.options.size()) continue;
    const Bytes b = t.options.subspan(at, std::min(len, t.options.size() - at));
    if (n < cap) out[n].s = {reinterpret_cast<const char*>(b.data()), b.size()};
    ++n;
  }
  return n;
}

std::uint64_t tcp_option_field_max(FieldId id) {
  return id == kTcpOptSackCount ? 0xff : 0xffffffff;
}

}  // namespace sockscope::capture::filter
