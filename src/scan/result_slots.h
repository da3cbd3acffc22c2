// Internal. Where each (protocol, port) of a scan's port lists sits in a host's results
// once they are in sort_by_port's order (TCP, then UDP, each by port). A host's results
// put straight into their slots as they come are in order when the host is done: a
// full-range host skips sorting 65,535 results of ~150 bytes (~5 ms at the end of a scan,
// while the other cores wait).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "net/address.h"

namespace sockscope::scan {

class ResultSlots {
 public:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  // The lists as the passes scan them: sorted, unique; empty for a protocol not scanned.
  ResultSlots(const std::vector<std::uint16_t>& tcp, const std::vector<std::uint16_t>& udp);

  std::size_t size() const { return size_; }
  // The pair's position, or kNone when it is not in the lists.
  std::size_t slot(net::Transport proto, std::uint16_t port) const;

 private:
  // Indexed by port (65,536 entries when the protocol is scanned, else none): position + 1,
  // 0 for a port not listed.
  std::vector<std::uint32_t> tcp_, udp_;
  std::size_t size_ = 0;
};

}  // namespace sockscope::scan
