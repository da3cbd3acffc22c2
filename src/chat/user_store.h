// Public. The chat accounts in SQLite: one table of user name and password hash.
// Created on first open, WAL journal with synchronous=FULL, one transaction per
// registration, so a kill -9 at any moment loses no committed account and leaves no
// half-written one. Not thread-safe: the AuthWorker's threads take turns (its store lock).
#pragma once

#include <optional>
#include <string>
#include <string_view>

struct sqlite3;

namespace sockscope::chat {

class UserStore {
 public:
  // Opens or creates the database at `path`; throws Error(kUsage) naming the path when
  // it cannot be opened or is not a chat database.
  explicit UserStore(const std::string& path);
  ~UserStore();
  UserStore(const UserStore&) = delete;
  UserStore& operator=(const UserStore&) = delete;

  enum class AddResult { kAdded, kExists };
  // Throws Error(kInternal) when SQLite fails (disk full, I/O error).
  AddResult add(std::string_view user, std::string_view hash);
  std::optional<std::string> hash_of(std::string_view user);
  void update_hash(std::string_view user, std::string_view hash);
  long long count();

 private:
  void exec(const char* sql);
  sqlite3* db_ = nullptr;
};

}  // namespace sockscope::chat
