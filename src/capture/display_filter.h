// Public. Wireshark display filters (-Y) over dissected packets: a small lexer
// (filter/lexer), a recursive-descent parser into an expression tree, and an evaluator.
// Supports the fields in filter/fields.cpp, protocol names as bare words, == != < <= >
// >= (and eq ne lt le gt ge), contains, matches (PCRE2, bounded), in {..}, and/or/not
// (&& || !), parentheses (nested at most 200 deep) and CIDR; arithmetic (+ - * / % & { },
// unary minus) and the functions len count upper lower string max min abs; the layer
// operator with ranges; slices with several ranges. A compiled filter is cheap
// to evaluate; it is not shared between threads (a regex records hitting its limit).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture/packet.h"

namespace sockscope::capture {

namespace filter {
struct Node;
class Regex;

// Where a filter's answer may differ from tshark's: the first frame (0: none) on which it
// read something sockscope cannot compute as tshark does. Each DisplayFilter keeps its own
// and points filter::inexact at it while it evaluates, so filters run side by side over
// one decode (read --filter-list) each report their own.
struct Inexact {
  std::uint32_t protocols = 0;            // frame.protocols past a protocol we do not dissect
  std::uint32_t undissected_payload = 0;  // another protocol's name taken as absent
  std::uint32_t dhcp = 0;                 // a dhcp field we do not compute, on such a message
  std::uint32_t cut_payload = 0;          // data or _ws.short on a few bytes heuristics read
  std::uint32_t link_payload = 0;         // a layer's field, on a payload after LLC not dissected
};
}  // namespace filter

class DisplayFilter {
 public:
  // An empty text matches everything. A bad filter throws usage_error whose message is
  // the reason, then the filter, then a caret under the fault.
  static DisplayFilter compile(const std::string& text);
  DisplayFilter();
  ~DisplayFilter();
  DisplayFilter(DisplayFilter&&) noexcept;
  DisplayFilter& operator=(DisplayFilter&&) noexcept;

  // Packets in file order: a filter with frame.time_delta_displayed remembers the time of
  // the last one it let through (the caller shows every packet that matches).
  bool matches(const Packet& p) const;
  bool empty() const { return root_ == nullptr; }
  // Non-empty once a `matches` gave up on some packet (PCRE2's match or depth limit, as
  // in Wireshark): those packets counted as not matching. The caller says so once.
  std::string warning() const;
  // Whether the filter uses a field of the stream tracker's ACK analysis
  // (tcp.analysis.ack_rtt, bytes_in_flight, ...): the caller turns that analysis on
  // (PacketDecoder::set_ack_analysis) before the first packet. A packet decoded without
  // it makes matches() throw an internal error rather than give a wrong answer.
  bool needs_ack_analysis() const { return ack_analysis_; }

 private:
  [[gnu::noinline]] bool matches_special(const Packet& p) const;

  std::unique_ptr<filter::Node> root_;
  std::vector<const filter::Regex*> regexes_;
  bool ack_analysis_ = false;
  // frame.time_delta_displayed: the time of the last packet that matched
  bool displayed_ = false;
  // a field of a protocol other than frame and LLC: tshark may find it in a payload after
  // LLC that sockscope does not dissect (a bridged Ethernet frame, GVRP's data)
  bool layer_field_ = false;
  bool special_ = false;           // any of the three: matches() takes its slower path
  bool only_layer_field_ = false;  // layer_field_ alone
  mutable bool shown_any_ = false;
  mutable Timestamp last_shown_;
  mutable filter::Inexact inexact_;
};

}  // namespace sockscope::capture
