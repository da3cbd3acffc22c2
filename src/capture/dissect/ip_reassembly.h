// Public. IPv4 and IPv6 fragment reassembly, as Wireshark does it by default: the
// fragments of a datagram are kept until one completes it, and that packet carries the
// transport layer (UDP, TCP, ICMP...) of the whole datagram; the others carry only their
// piece (Wireshark's "Fragmented IP protocol", their payload counted as data). Bounded:
// at most kMaxPending datagrams and kMaxBytes of fragments wait, the oldest go first.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "capture/packet.h"

namespace sockscope::capture {

class IpReassembler {
 public:
  static constexpr std::size_t kMaxPending = 4096;
  static constexpr std::size_t kMaxBytes = 64u << 20;

  // For a packet the dissectors marked `fragment`: stores its piece and, when the
  // datagram is complete, dissects the datagram's transport into `p` (its byte spans
  // then point into this object, valid until the next call).
  void add(Packet& p);

 private:
  struct Key {
    net::IpAddress src = net::IpAddress::none(), dst = net::IpAddress::none();
    std::uint32_t id = 0;
    std::uint8_t proto = 0;
    auto operator<=>(const Key&) const = default;
  };
  struct Pending {
    std::map<std::uint32_t, std::vector<std::byte>> pieces;       // by offset
    std::vector<std::pair<std::uint32_t, std::uint32_t>> frames;  // (offset, frame), each piece
    std::uint32_t total = 0;                                      // known once the last arrives
    bool last_seen = false;
    std::uint64_t order = 0;
    std::size_t bytes = 0;
  };
  void evict_oldest();

  std::map<Key, Pending> pending_;
  std::size_t bytes_ = 0;
  std::uint64_t counter_ = 0;
  std::vector<std::byte> datagram_;    // the last datagram completed
  std::vector<std::uint32_t> frames_;  // and the frames of its pieces
};

}  // namespace sockscope::capture
