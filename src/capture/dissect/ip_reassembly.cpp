#include "capture/dissect/ip_reassembly.h"

#include <algorithm>

#include "capture/dissect/dissect.h"

namespace sockscope::capture {

void IpReassembler::evict_oldest() {
  auto oldest = std::min_element(
      pending_.begin(), pending_.end(),
      [](const auto& a, const auto& b) { return a.second.order < b.second.order; });
  bytes_ -= oldest->second.bytes;
  pending_.erase(oldest);
}

void IpReassembler::add(Packet& p) {
  if (!p.fragment || !p.frag.whole) return;  // a piece cut by the snap length: never whole
  Key key{p.src, p.dst, p.frag.id, p.ip_proto};
  auto found = pending_.find(key);
  if (found == pending_.end()) {
    while (!pending_.empty() && (pending_.size() >= kMaxPending || bytes_ > kMaxBytes))
      evict_oldest();
    found = pending_.emplace(key, Pending{}).first;
    found->second.order = counter_++;
  }
  Pending& d = found->second;
  if (d.frames.size() < 1024) d.frames.emplace_back(p.frag.offset, p.number);
  std::vector<std::byte>& piece = d.pieces[p.frag.offset];
  if (piece.size() < p.frag.data.size()) {  // a retransmitted piece may be longer
    d.bytes += p.frag.data.size() - piece.size();
    bytes_ += p.frag.data.size() - piece.size();
    piece.assign(p.frag.data.begin(), p.frag.data.end());
  }
  if (!p.frag.more) {
    d.last_seen = true;
    d.total = p.frag.offset + static_cast<std::uint32_t>(p.frag.data.size());
  }
  if (!d.last_seen) return;
  // Complete when the pieces cover [0, total) without a hole.
  std::uint32_t covered = 0;
  for (const auto& [offset, bytes] : d.pieces) {
    if (offset > covered) return;
    covered = std::max<std::uint32_t>(covered, offset + static_cast<std::uint32_t>(bytes.size()));
  }
  if (covered < d.total) return;
  datagram_.assign(d.total, std::byte{0});
  for (const auto& [offset, bytes] : d.pieces) {
    std::size_t n = std::min<std::size_t>(bytes.size(), d.total - std::min(offset, d.total));
    std::copy_n(bytes.begin(), n, datagram_.begin() + offset);
  }
  std::stable_sort(d.frames.begin(), d.frames.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  frames_.clear();
  for (const auto& [offset, frame] : d.frames) frames_.push_back(frame);
  p.frag_frames = frames_;
  p.reassembled_len = d.total;
  p.reassembled_data = Bytes(datagram_.data(), datagram_.size());
  bytes_ -= d.bytes;
  pending_.erase(found);
  p.fragment = false;
  p.reassembled = true;
  // the IPv6 header that carried the fragment header now spans it (IpLayer::ext_len)
  if (p.ip_layer_count > 0) {
    IpLayer& l = p.ip_layers[p.ip_layer_count - 1];
    if (l.src.family == AF_INET6)
      l.ext_len = static_cast<std::uint16_t>(std::min(l.ext_len + 8, 0xffff));
  }
  dissect_transport(p.ip_proto, Bytes(datagram_.data(), datagram_.size()),
                    static_cast<std::uint32_t>(datagram_.size()), p);
}

}  // namespace sockscope::capture
