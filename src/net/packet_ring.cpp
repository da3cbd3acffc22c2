#include "net/packet_ring.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <string>

#include "core/error.h"

namespace sockscope::net {
namespace {

constexpr std::size_t kFrameSize = 256;        // tpacket2_hdr + address + ~170 bytes
constexpr std::size_t kBlockSize = 64 * 1024;  // small blocks: no large contiguous pages

[[noreturn]] void fail(const char* what) {
  if (errno == EPERM || errno == EACCES) {
    throw privilege_error(std::string("packet socket (") + what +
                          "): run as root or with CAP_NET_RAW");
  }
  throw system_error(std::string("packet socket: ") + what, errno);
}

// The frame's status word is shared with the kernel, which writes the frame and then
// the status: acquire on reading it, release on handing the frame back.
std::uint32_t load_status(const tpacket2_hdr* h) {
  return std::atomic_ref<const std::uint32_t>(h->tp_status).load(std::memory_order_acquire);
}
void store_status(tpacket2_hdr* h, std::uint32_t status) {
  std::atomic_ref<std::uint32_t>(h->tp_status).store(status, std::memory_order_release);
}

}  // namespace

PacketRing::PacketRing(std::uint16_t ethertype, std::span<const sock_filter> filter,
                       std::size_t frames) {
  // Protocol 0 receives nothing until bind(): the filter and the ring are in place before
  // the first packet can arrive, so no unfiltered packet reaches the ring.
  fd_ = UniqueFd(::socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd_) fail("socket");
  sock_fprog prog{static_cast<unsigned short>(filter.size()),
                  const_cast<sock_filter*>(filter.data())};
  if (::setsockopt(fd_.get(), SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) != 0) {
    fail("filter");
  }
  int version = TPACKET_V2;
  if (::setsockopt(fd_.get(), SOL_PACKET, PACKET_VERSION, &version, sizeof(version)) != 0) {
    fail("TPACKET_V2");
  }
  frame_size_ = kFrameSize;
  block_size_ = kBlockSize;
  frames_per_block_ = block_size_ / frame_size_;
  std::size_t blocks =
      (std::max<std::size_t>(frames, 1) + frames_per_block_ - 1) / frames_per_block_;
  frame_count_ = blocks * frames_per_block_;
  tpacket_req req{};
  req.tp_block_size = static_cast<unsigned>(block_size_);
  req.tp_block_nr = static_cast<unsigned>(blocks);
  req.tp_frame_size = static_cast<unsigned>(frame_size_);
  req.tp_frame_nr = static_cast<unsigned>(frame_count_);
  if (::setsockopt(fd_.get(), SOL_PACKET, PACKET_RX_RING, &req, sizeof(req)) != 0) {
    fail("receive ring");
  }
  ring_bytes_ = block_size_ * blocks;
  void* map = ::mmap(nullptr, ring_bytes_, PROT_READ | PROT_WRITE, MAP_SHARED, fd_.get(), 0);
  if (map == MAP_FAILED) fail("mmap");
  ring_ = static_cast<std::uint8_t*>(map);
  sockaddr_ll at{};
  at.sll_family = AF_PACKET;
  at.sll_protocol = htons(ethertype);
  at.sll_ifindex = 0;  // every interface
  if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&at), sizeof(at)) != 0) {
    ::munmap(ring_, ring_bytes_);
    fail("bind");
  }
}

PacketRing::~PacketRing() {
  if (ring_) ::munmap(ring_, ring_bytes_);
}

std::uint8_t* PacketRing::frame(std::size_t i) const {
  return ring_ + (i / frames_per_block_) * block_size_ + (i % frames_per_block_) * frame_size_;
}

std::size_t PacketRing::drain(const std::function<void(std::span<const std::uint8_t>)>& on_packet,
                              std::size_t max) {
  std::size_t n = 0;
  while (n < max) {
    std::uint8_t* f = frame(head_);
    auto* h = reinterpret_cast<tpacket2_hdr*>(f);
    if ((load_status(h) & TP_STATUS_USER) == 0) break;
    // SOCK_DGRAM: tp_net is where the IP header starts; tp_snaplen is what was kept.
    if (h->tp_net + h->tp_snaplen <= frame_size_) on_packet({f + h->tp_net, h->tp_snaplen});
    store_status(h, TP_STATUS_KERNEL);
    head_ = (head_ + 1) % frame_count_;
    ++n;
  }
  return n;
}

std::uint64_t PacketRing::take_drops() {
  tpacket_stats stats{};
  socklen_t len = sizeof(stats);
  if (::getsockopt(fd_.get(), SOL_PACKET, PACKET_STATISTICS, &stats, &len) != 0) return 0;
  return stats.tp_drops;
}

}  // namespace sockscope::net
