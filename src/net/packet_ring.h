// Public. A receive ring of IP packets shared with the kernel (AF_PACKET, TPACKET_V2):
// the packets of one family (IPv4 or IPv6) that this host receives on any interface,
// from the network header on, kept only when a classic BPF filter says so.
// Why not a raw socket: a raw IPPROTO_TCP socket gets a clone of every TCP segment the
// host takes in (on loopback our own probes too) and then one copy per packet through
// recvmmsg(). A packet socket bound to one ethertype is on the receive path only (not
// on the transmit tap), its filter runs on the packet itself without a clone, and what
// passes is copied once into memory we read directly: no system call while packets
// keep coming. Packets are seen before the host's firewall, as libpcap (and so nmap)
// sees them. Needs CAP_NET_RAW.
// The owner reads frames in ring order from one thread; each is handed back to the
// kernel as soon as the callback returns.
#pragma once

#include <linux/filter.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>

#include "net/fd.h"

namespace sockscope::net {

class PacketRing {
 public:
  // ethertype: ETH_P_IP or ETH_P_IPV6. The filter sees the packet from its IP header
  // and returns how many bytes to keep (0: drop). frames: ring slots, each holding up
  // to ~170 bytes of a packet (headers are what the readers need; longer packets are
  // cut, their full length is still reported). Throws system_error (privilege_error
  // for EPERM) when the kernel refuses.
  PacketRing(std::uint16_t ethertype, std::span<const sock_filter> filter,
             std::size_t frames = 16384);
  ~PacketRing();
  PacketRing(const PacketRing&) = delete;
  PacketRing& operator=(const PacketRing&) = delete;

  // For poll(): readable when a frame is waiting.
  int fd() const { return fd_.get(); }

  // Calls on_packet for each waiting packet (at most `max`), oldest first; returns how
  // many. The span is valid only during the call.
  std::size_t drain(const std::function<void(std::span<const std::uint8_t>)>& on_packet,
                    std::size_t max);

  // Packets the kernel dropped because the ring was full, since the last call.
  std::uint64_t take_drops();

 private:
  std::uint8_t* frame(std::size_t i) const;

  UniqueFd fd_;
  std::uint8_t* ring_ = nullptr;
  std::size_t ring_bytes_ = 0;
  std::size_t frame_size_ = 0;
  std::size_t frames_per_block_ = 0;
  std::size_t block_size_ = 0;
  std::size_t frame_count_ = 0;
  std::size_t head_ = 0;  // next frame to read
};

}  // namespace sockscope::net
