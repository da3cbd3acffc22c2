#include "chat/login_throttle.h"

#include <algorithm>

namespace sockscope::chat {

LoginThrottle::LoginThrottle(const Clock& clock, Duration base, Duration cap, std::size_t max_keys)
    : clock_(clock), base_(base), cap_(cap), max_keys_(max_keys) {}

Duration LoginThrottle::delay_after(int failures) const {
  if (failures <= 0) return Duration::zero();
  Duration d = base_;
  for (int i = 1; i < failures && d < cap_; ++i) d *= 2;
  return std::min(d, cap_);
}

TimePoint LoginThrottle::schedule(const std::string& address, const std::string& user) {
  TimePoint now = clock_.now();
  TimePoint at = now;
  if (auto u = users_.find(user); u != users_.end()) at = std::max(at, u->second.next);
  if (auto a = addresses_.find(address); a != addresses_.end() && a->second.failures > 0) {
    at = std::max(at, a->second.next);
    a->second.next = at + delay_after(a->second.failures);
  }
  return at;
}

void LoginThrottle::note_failure(Entry& e, TimePoint now) {
  ++e.failures;
  e.next = std::max(e.next, now) + delay_after(e.failures);
}

void LoginThrottle::failed(const std::string& address, const std::string& user) {
  TimePoint now = clock_.now();
  bound_size(now);
  note_failure(addresses_[address], now);
  Entry& u = users_[user];
  ++u.failures;
  // The account's wait counts from now and never passes the cap: no lockout.
  u.next = now + delay_after(u.failures);
}

void LoginThrottle::succeeded(const std::string& user) {
  users_.erase(user);
}

void LoginThrottle::bound_size(TimePoint now) {
  // Unknown names are keys too: forget entries whose wait is long over, and everything
  // if a flood of fresh keys still overfills the tables (memory stays bounded).
  auto prune = [&](std::unordered_map<std::string, Entry>& table) {
    if (table.size() < max_keys_) return;
    std::erase_if(table, [&](const auto& kv) { return kv.second.next + cap_ * 4 < now; });
    if (table.size() >= max_keys_) table.clear();
  };
  prune(addresses_);
  prune(users_);
}

}  // namespace sockscope::chat
