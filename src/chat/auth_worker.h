// Public. Registration and login checks off the event loop: Argon2id takes tens of
// milliseconds and 19 MiB, so a WorkerPool runs them, one per core up to `threads`, while
// the room keeps flowing; 50 logins at once no longer wait for each other's hashes one by
// one. The queue is bounded: past `max_queue` waiting jobs submit() refuses, so a login
// flood costs a bounded amount of work and memory (at most `threads` hashes in hand). Each
// result is handed back to the loop's thread with EventLoop::post(), in the order the
// checks finish, not the order they came in.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "chat/password.h"
#include "chat/user_store.h"
#include "core/worker_pool.h"
#include "net/event_loop.h"

namespace sockscope::chat {

enum class AuthResult {
  kOk,          // registered, or the password matched
  kUserExists,  // registration of a name already taken
  kDenied,      // unknown user or wrong password: one answer for both
  kError,       // the store or libsodium failed (logged by the caller)
};

class AuthWorker {
 public:
  using Done = std::function<void(AuthResult)>;
  enum class Job { kRegister, kLogin };
  // Each thread may hold one Argon2id's 19 MiB at once: 8 of them are 152 MiB at most.
  static constexpr std::size_t kMaxThreads = 8;

  // `threads` 0: one per core, at most kMaxThreads.
  AuthWorker(net::EventLoop& loop, UserStore& store, const PasswordHasher& hasher,
             std::size_t max_queue = 64, std::size_t threads = 0);
  // Finishes the jobs in hand and drops the queued ones (their Done never runs).
  ~AuthWorker() = default;
  AuthWorker(const AuthWorker&) = delete;
  AuthWorker& operator=(const AuthWorker&) = delete;

  // False when the queue is full. `done` runs later on the loop's thread.
  bool submit(Job job, std::string user, std::string password, Done done);

  std::size_t threads() const { return pool_.threads(); }

 private:
  struct Task;
  AuthResult perform(const Task& task);

  net::EventLoop& loop_;
  UserStore& store_;
  const PasswordHasher& hasher_;
  // The store is one SQLite connection: its calls (short statements) take turns; the
  // hashing, which is the slow part, runs outside this lock.
  std::mutex store_mutex_;
  // Last: destroyed first, so no job runs once the members above are gone.
  WorkerPool pool_;
};

}  // namespace sockscope::chat
