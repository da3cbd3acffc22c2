#include "scan/resume_results.h"

#include <algorithm>

namespace sockscope::scan {

void ResumeResults::add(const PortResult& r) {
  auto [it, inserted] = host_index_.try_emplace(r.target.address, hosts_.size());
  if (inserted) hosts_.push_back({r.target, {}});
  Host& host = hosts_[it->second];
  if (host.target.name.empty()) host.target.name = r.target.name;
  std::uint16_t reason = 0;  // 65,535 distinct words is no scanner's file: the rest share
  std::string key = r.reason;
  if (r.reason_ip) key += '\n' + r.reason_ip->to_string();
  if (auto found = reason_ids_.find(key); found != reason_ids_.end()) {
    reason = found->second;
  } else if (reasons_.size() < 0xFFFF) {
    reason = static_cast<std::uint16_t>(reasons_.size());
    reasons_.push_back({r.reason, r.reason_ip});
    reason_ids_.emplace(std::move(key), reason);
  } else if (reasons_.empty()) {
    reasons_.emplace_back();
  }
  Entry e;
  e.port = r.port;
  e.reason = reason;
  e.ttl = static_cast<std::int16_t>(std::clamp(r.ttl, -1, 255));
  e.flags = static_cast<std::uint8_t>((r.proto == net::Transport::kUdp ? 1u : 0u) |
                                      static_cast<unsigned>(r.state) << 1);
  e.window = std::clamp(r.window, -1, 0x7FFFFFFF);
  host.entries.push_back(e);
  std::uint64_t at = service_key(it->second, order(e));
  if (r.service)
    services_[at] = r.service;
  else
    services_.erase(at);  // a later duplicate wins, facts and all
}

void ResumeResults::finish() {
  static_assert(sizeof(Entry) == 12, "a resumed result should stay small");
  size_ = 0;
  for (Host& h : hosts_) {
    // Stable: among duplicates of a pair the last added stays last, and is kept.
    std::stable_sort(h.entries.begin(), h.entries.end(),
                     [](const Entry& a, const Entry& b) { return order(a) < order(b); });
    std::vector<Entry> unique;
    unique.reserve(h.entries.size());
    for (const Entry& e : h.entries) {
      if (!unique.empty() && order(unique.back()) == order(e))
        unique.back() = e;
      else
        unique.push_back(e);
    }
    unique.shrink_to_fit();
    h.entries = std::move(unique);
    size_ += h.entries.size();
  }
}

PortResult ResumeResults::expand(const Host& host, const Entry& e) const {
  PortResult r;
  r.target = host.target;
  r.port = e.port;
  r.proto = (e.flags & 1u) ? net::Transport::kUdp : net::Transport::kTcp;
  r.state = static_cast<PortState>((e.flags >> 1) & 3u);
  r.reason = reasons_[e.reason].word;
  r.reason_ip = reasons_[e.reason].ip;
  r.ttl = e.ttl;
  r.window = e.window;
  if (!services_.empty()) {
    auto found =
        services_.find(service_key(static_cast<std::size_t>(&host - hosts_.data()), order(e)));
    if (found != services_.end()) r.service = found->second;
  }
  return r;
}

std::optional<PortResult> ResumeResults::find(const net::IpAddress& address, std::uint16_t port,
                                              net::Transport proto) const {
  auto it = host_index_.find(address);
  if (it == host_index_.end()) return std::nullopt;
  const Host& host = hosts_[it->second];
  std::uint32_t key = (proto == net::Transport::kUdp ? 1u : 0u) << 16 | port;
  auto e = std::lower_bound(host.entries.begin(), host.entries.end(), key,
                            [](const Entry& a, std::uint32_t k) { return order(a) < k; });
  if (e == host.entries.end() || order(*e) != key) return std::nullopt;
  return expand(host, *e);
}

void ResumeResults::for_each(const std::function<void(const PortResult&)>& fn) const {
  for (const Host& h : hosts_)
    for (const Entry& e : h.entries) fn(expand(h, e));
}

}  // namespace sockscope::scan
