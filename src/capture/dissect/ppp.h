// Public. PPP as PPTP's GRE carries it (RFC 1661; LCP, IPCP of RFC 1332, PAP and CHAP of
// RFC 1334/1994), read from Packet::ppp on demand as Wireshark 4.0's packet-ppp.c shows
// it: the Protocol and Info columns and the control protocols' packets (code, identifier,
// length, the data each code carries, the configuration options). Every read is
// bounds-checked.
#pragma once

#include <cstdint>
#include <string>

#include "capture/packet.h"

namespace sockscope::capture {

inline constexpr std::uint16_t kPppIpv4 = 0x0021, kPppIpv6 = 0x0057, kPppLcp = 0xc021,
                               kPppIpcp = 0x8021, kPppPap = 0xc023, kPppChap = 0xc223,
                               kPppCcp = 0x80fd, kPppIpv6cp = 0x8057, kPppComp = 0x00fd;

// A PPP protocol number Wireshark 4.0 hands to a dissector of its own (`tshark -G
// decodes`, table ppp.protocol); the others go to its "data" dissector.
bool ppp_protocol_known(std::uint16_t protocol);

// LCP, IPCP, CCP and IPV6CP share their packet format (and Wireshark its code handlers).
inline bool ppp_is_lcp_like(std::uint16_t protocol) {
  return protocol == kPppLcp || protocol == kPppIpcp || protocol == kPppCcp ||
         protocol == kPppIpv6cp;
}
// The protocols whose packets we dissect: LCP, IPCP, CCP, IPV6CP, PAP, CHAP.
inline bool ppp_is_control(std::uint16_t protocol) {
  return ppp_is_lcp_like(protocol) || protocol == kPppPap || protocol == kPppChap;
}

// What Wireshark 4.0 makes of one configuration option of LCP, IPCP, CCP or IPV6CP:
// whether it adds the option's fields (a type it does not know, or a length its type
// does not take, adds nothing and the next option is read), and whether it throws (its
// dissector reads past the option: the walk ends and the packet is malformed), always
// or only when the protocol tree is built (-V, io,phs, display filters).
struct PppOptionRule {
  bool shown = false;
  bool ends = false;
  bool tree_only = false;
};
PppOptionRule ppp_option_rule(std::uint16_t protocol, std::uint8_t type, std::uint8_t len);

// One configuration option: its type, length (2 or more), value and rule.
struct PppOption {
  std::uint8_t type = 0, len = 0;
  Bytes value;
  PppOptionRule rule;
};
// Calls visit(option) for each option of `options` as Wireshark walks them: in order,
// until the bytes end, a length is below 2 or runs past them, or an option's rule ends
// the walk (that option is visited first).
template <class Visit>
void for_each_ppp_option(std::uint16_t protocol, Bytes options, Visit&& visit) {
  for (std::size_t pos = 0; pos + 2 <= options.size();) {
    PppOption o;
    o.type = static_cast<std::uint8_t>(options[pos]);
    o.len = static_cast<std::uint8_t>(options[pos + 1]);
    if (o.len < 2 || pos + o.len > options.size()) return;
    o.value = options.subspan(pos + 2, o.len - 2u);
    o.rule = ppp_option_rule(protocol, o.type, o.len);
    visit(static_cast<const PppOption&>(o));
    if (o.rule.ends) return;
    pos += o.len;
  }
}
// Whether the packet's options throw when Wireshark builds the tree (an option with
// `ends`, before any read past the capture), where the summary line's reading does not
// (ppp_failed_read).
bool ppp_options_throw_in_tree(const PppInfo& ppp);

// A control protocol packet: code, identifier, length and the bytes after them. As in
// Wireshark, the fields are read from the captured bytes; the length bounds only the
// variable parts (options, data, messages), and one that runs past the frame throws.
struct PppControl {
  bool has_code = false;  // the code byte was there
  bool ok = false;        // code, identifier and length were there
  std::uint8_t code = 0, identifier = 0;
  std::uint16_t length = 0;
  Bytes data;  // everything captured after the length field
  std::size_t declared() const { return length >= 4 ? length - 4u : 0; }
  bool cut() const { return declared() > data.size(); }  // the length claims more
  // The first `declared()` bytes from `from` on (empty when they were not all captured).
  Bytes part(std::size_t from) const {
    if (cut() || from >= declared()) return {};
    return data.subspan(from, declared() - from);
  }
};
PppControl ppp_control(const PppInfo& ppp);

// Where Wireshark's first read of a control packet that fails ends, counted from the
// start of `body` (0: none fails; SIZE_MAX: one past an option's own length). Past the
// body's reported length it is malformed, past only what was captured the snap length's
// cut (dissect_ppp, mark_cut).
std::size_t ppp_failed_read(const PppInfo& ppp);

// The Protocol column ("PPP LCP", "PPP CHAP", "PPP", "0x1234" for a protocol Wireshark
// does not know) and the Info column ("Configuration Request", "Authenticate-Request
// (Peer-ID='alice', Password='secret')", "PPP Unknown (0x1234)").
std::string ppp_protocol_column(const PppInfo& ppp);
std::string ppp_info(const PppInfo& ppp);

// The LCP/IPCP data Wireshark passes to its "data" dissector: what follows a
// Protocol-Reject's rejected protocol number, when Wireshark has no dissector for that
// protocol (`known` says whether it has).
Bytes ppp_rejected_data(const PppInfo& ppp, bool& known);

}  // namespace sockscope::capture
