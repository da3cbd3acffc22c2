#include "chat/auth_worker.h"

#include <sodium.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "core/error.h"

namespace sockscope::chat {

struct AuthWorker::Task {
  Job job;
  std::string user;
  std::string password;
  Done done;
  // The password leaves memory with the task, whether it was checked or dropped from
  // the queue at shutdown.
  ~Task() { sodium_memzero(password.data(), password.size()); }
};

AuthWorker::AuthWorker(net::EventLoop& loop, UserStore& store, const PasswordHasher& hasher,
                       std::size_t max_queue, std::size_t threads)
    : loop_(loop),
      store_(store),
      hasher_(hasher),
      pool_(threads != 0 ? std::min(threads, kMaxThreads)
                         : WorkerPool::threads_for_cores(kMaxThreads),
            max_queue) {}

bool AuthWorker::submit(Job job, std::string user, std::string password, Done done) {
  // Shared, because std::function copies what it holds: the password lives (and is
  // zeroed) in one place.
  auto task = std::make_shared<Task>();
  task->job = job;
  task->user = std::move(user);
  task->password = std::move(password);
  task->done = std::move(done);
  return pool_.submit([this, task] {
    AuthResult result = perform(*task);
    // Only `done` and the result cross back; the session it answers is looked up again
    // on the loop's thread, where it may have gone meanwhile.
    loop_.post([done = std::move(task->done), result] { done(result); });
  });
}

AuthResult AuthWorker::perform(const Task& task) {
  try {
    if (task.job == Job::kRegister) {
      auto hash = hasher_.hash(task.password);
      if (!hash) return AuthResult::kError;
      std::lock_guard lock(store_mutex_);
      return store_.add(task.user, *hash) == UserStore::AddResult::kAdded ? AuthResult::kOk
                                                                          : AuthResult::kUserExists;
    }
    std::optional<std::string> stored;
    {
      std::lock_guard lock(store_mutex_);
      stored = store_.hash_of(task.user);
    }
    if (!stored) {
      hasher_.burn_equal_time(task.password);
      return AuthResult::kDenied;
    }
    if (!hasher_.verify(*stored, task.password)) return AuthResult::kDenied;
    if (hasher_.needs_rehash(*stored)) {
      if (auto fresh = hasher_.hash(task.password)) {
        std::lock_guard lock(store_mutex_);
        store_.update_hash(task.user, *fresh);
      }
    }
    return AuthResult::kOk;
  } catch (const Error&) {
    return AuthResult::kError;
  }
}

}  // namespace sockscope::chat
