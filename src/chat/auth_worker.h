// Public. Registration and login checks off the event loop: Argon2id takes tens of
// milliseconds and 19 MiB, so one thread does it (and owns the UserStore) while the
// room keeps flowing. The queue is bounded: past `max_queue` waiting jobs submit()
// refuses, so a login flood costs a bounded amount of work and memory. Each result is
// handed back to the loop's thread with EventLoop::post().
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "chat/password.h"
#include "chat/user_store.h"
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

  AuthWorker(net::EventLoop& loop, UserStore& store, const PasswordHasher& hasher,
             std::size_t max_queue = 64);
  // Finishes the job in hand and drops the queued ones (their Done never runs).
  ~AuthWorker();
  AuthWorker(const AuthWorker&) = delete;
  AuthWorker& operator=(const AuthWorker&) = delete;

  // False when the queue is full. `done` runs later on the loop's thread.
  bool submit(Job job, std::string user, std::string password, Done done);

 private:
  struct Task {
    Job job;
    std::string user;
    std::string password;
    Done done;
  };
  void run();
  AuthResult perform(const Task& task);

  net::EventLoop& loop_;
  UserStore& store_;
  const PasswordHasher& hasher_;
  std::size_t max_queue_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Task> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sockscope::chat
