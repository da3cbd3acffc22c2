#include "scan/result_slots.h"

namespace sockscope::scan {
namespace {

// Positions in port order, whatever the list's order; a repeated port counts once.
std::vector<std::uint32_t> positions(const std::vector<std::uint16_t>& ports, std::uint32_t first) {
  std::vector<std::uint32_t> at;
  if (ports.empty()) return at;
  at.assign(65536, 0);
  for (std::uint16_t port : ports) at[port] = 1;
  std::uint32_t next = first + 1;
  for (std::uint32_t& p : at) {
    if (p != 0) p = next++;
  }
  return at;
}

}  // namespace

ResultSlots::ResultSlots(const std::vector<std::uint16_t>& tcp,
                         const std::vector<std::uint16_t>& udp)
    : tcp_(positions(tcp, 0)) {
  std::uint32_t tcp_count = 0;
  for (std::uint32_t p : tcp_) tcp_count += p != 0;
  udp_ = positions(udp, tcp_count);
  std::uint32_t udp_count = 0;
  for (std::uint32_t p : udp_) udp_count += p != 0;
  size_ = tcp_count + udp_count;
}

std::size_t ResultSlots::slot(net::Transport proto, std::uint16_t port) const {
  const auto& at = proto == net::Transport::kTcp ? tcp_ : udp_;
  if (at.empty() || at[port] == 0) return kNone;
  return at[port] - 1;
}

}  // namespace sockscope::scan
