// Public. Back-off for failed logins, per source address and per account, with no hard
// lockout (Ergo's throttling, done as a delay rather than a refusal): each failure
// doubles the wait before the key's next attempt is checked (base, 2x, 4x ... up to
// `cap`), a success clears the account's count. Attempts from one address are spaced
// out one after another, so a flood from it costs a bounded number of Argon2id runs per
// second; an account's own delay never passes `cap`, so an attacker cannot keep the real
// user out, only make the login wait.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace sockscope::chat {

class LoginThrottle {
 public:
  explicit LoginThrottle(const Clock& clock, Duration base = std::chrono::milliseconds(250),
                         Duration cap = std::chrono::seconds(8), std::size_t max_keys = 10000);

  // When an attempt for `user` from `address` may be checked (now, or later). Reserves
  // that time for the address, so the next attempt from it comes after this one.
  TimePoint schedule(const std::string& address, const std::string& user);
  void failed(const std::string& address, const std::string& user);
  void succeeded(const std::string& user);

  Duration delay_after(int failures) const;
  std::size_t tracked() const { return addresses_.size() + users_.size(); }

 private:
  struct Entry {
    int failures = 0;
    TimePoint next{};
  };
  void note_failure(Entry& e, TimePoint now);
  void bound_size(TimePoint now);

  const Clock& clock_;
  Duration base_;
  Duration cap_;
  std::size_t max_keys_;
  std::unordered_map<std::string, Entry> addresses_;
  std::unordered_map<std::string, Entry> users_;
};

}  // namespace sockscope::chat
