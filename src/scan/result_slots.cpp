#include "scan/result_slots.h"

namespace sockscope::scan {
namespace {

// Each listed port's position + 1, numbered in port order (whatever the list's order; a
// repeated port counts once) after the `placed` positions before it; `placed` grows by
// the ports numbered.
std::vector<std::uint32_t> positions(const std::vector<std::uint16_t>& ports,
                                     std::uint32_t& placed) {
  std::vector<std::uint32_t> at;
  if (ports.empty()) return at;
  at.assign(65536, 0);
  for (std::uint16_t port : ports) at[port] = 1;
  for (std::uint32_t& p : at) {
    if (p != 0) p = ++placed;
  }
  return at;
}

}  // namespace

ResultSlots::ResultSlots(const std::vector<std::uint16_t>& tcp,
                         const std::vector<std::uint16_t>& udp) {
  std::uint32_t placed = 0;
  tcp_ = positions(tcp, placed);  // TCP first, as sort_by_port orders them
  udp_ = positions(udp, placed);
  size_ = placed;
}

std::size_t ResultSlots::slot(net::Transport proto, std::uint16_t port) const {
  const auto& at = proto == net::Transport::kTcp ? tcp_ : udp_;
  if (at.empty() || at[port] == 0) return kNone;
  return at[port] - 1;
}

}  // namespace sockscope::scan
