#include "chat/password.h"

#include <sodium.h>

#include "core/error.h"

namespace sockscope::chat {

PasswordHasher::PasswordHasher(HashPolicy policy) : policy_(policy) {
  if (sodium_init() < 0) throw Error(ExitCode::kInternal, "cannot initialise libsodium");
  unsigned char random[32];
  randombytes_buf(random, sizeof(random));
  auto dummy = hash(std::string_view(reinterpret_cast<const char*>(random), sizeof(random)));
  sodium_memzero(random, sizeof(random));
  if (!dummy) throw Error(ExitCode::kInternal, "cannot hash a password (out of memory)");
  dummy_ = *dummy;
}

std::optional<std::string> PasswordHasher::hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), policy_.opslimit,
                        policy_.memlimit) != 0) {
    return std::nullopt;
  }
  return std::string(out);
}

bool PasswordHasher::verify(std::string_view stored, std::string_view password) const {
  std::string s(stored);  // libsodium wants it NUL-terminated
  return crypto_pwhash_str_verify(s.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::needs_rehash(std::string_view stored) const {
  std::string s(stored);
  // 1: other parameters, -1: not a hash libsodium knows; both are replaced on login.
  return crypto_pwhash_str_needs_rehash(s.c_str(), policy_.opslimit, policy_.memlimit) != 0;
}

void PasswordHasher::burn_equal_time(std::string_view password) const {
  (void)verify(dummy_, password);
}

}  // namespace sockscope::chat
