// Public. Password hashes: libsodium's crypto_pwhash_str (Argon2id, a random salt per
// hash, the parameters inside the string), so the store never holds a password and old
// hashes can be upgraded when the policy grows (needs_rehash on login).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sockscope::chat {

struct HashPolicy {
  // OWASP's minimum for Argon2id: m = 19 MiB, t = 2, p = 1 (libsodium's p is always 1).
  unsigned long long opslimit = 2;
  std::size_t memlimit = 19u * 1024u * 1024u;
};

class PasswordHasher {
 public:
  // Initialises libsodium; throws when it cannot.
  explicit PasswordHasher(HashPolicy policy = {});

  // nullopt when libsodium could not get the memory.
  std::optional<std::string> hash(std::string_view password) const;
  bool verify(std::string_view stored, std::string_view password) const;
  bool needs_rehash(std::string_view stored) const;
  // Verifies against a hash of a random password, made once: an unknown user costs
  // the same Argon2id work as a known one with a wrong password.
  void burn_equal_time(std::string_view password) const;

  const HashPolicy& policy() const { return policy_; }

 private:
  HashPolicy policy_;
  std::string dummy_;
};

}  // namespace sockscope::chat
