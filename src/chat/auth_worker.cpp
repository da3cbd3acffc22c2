#include "chat/auth_worker.h"

#include <sodium.h>

#include <utility>

#include "core/error.h"

namespace sockscope::chat {

AuthWorker::AuthWorker(net::EventLoop& loop, UserStore& store, const PasswordHasher& hasher,
                       std::size_t max_queue)
    : loop_(loop), store_(store), hasher_(hasher), max_queue_(max_queue) {
  thread_ = std::thread([this] { run(); });
}

AuthWorker::~AuthWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  thread_.join();
}

bool AuthWorker::submit(Job job, std::string user, std::string password, Done done) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= max_queue_) return false;
    queue_.push_back({job, std::move(user), std::move(password), std::move(done)});
  }
  wake_.notify_one();
  return true;
}

void AuthWorker::run() {
  for (;;) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    AuthResult result = perform(task);
    // The password leaves memory as soon as it is checked.
    sodium_memzero(task.password.data(), task.password.size());
    loop_.post([done = std::move(task.done), result] { done(result); });
  }
}

AuthResult AuthWorker::perform(const Task& task) {
  try {
    if (task.job == Job::kRegister) {
      auto hash = hasher_.hash(task.password);
      if (!hash) return AuthResult::kError;
      return store_.add(task.user, *hash) == UserStore::AddResult::kAdded ? AuthResult::kOk
                                                                          : AuthResult::kUserExists;
    }
    auto stored = store_.hash_of(task.user);
    if (!stored) {
      hasher_.burn_equal_time(task.password);
      return AuthResult::kDenied;
    }
    if (!hasher_.verify(*stored, task.password)) return AuthResult::kDenied;
    if (hasher_.needs_rehash(*stored)) {
      if (auto fresh = hasher_.hash(task.password)) store_.update_hash(task.user, *fresh);
    }
    return AuthResult::kOk;
  } catch (const Error&) {
    return AuthResult::kError;
  }
}

}  // namespace sockscope::chat
