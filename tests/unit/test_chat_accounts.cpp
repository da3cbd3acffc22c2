#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "chat/auth_worker.h"
#include "chat/password.h"
#include "chat/user_store.h"
#include "core/error.h"
#include "net/event_loop.h"

namespace sockscope::chat {
namespace {

// A fresh database file per test, removed with its WAL files afterwards.
class TempDb {
 public:
  TempDb() {
    char tmpl[] = "/tmp/sockscope-chat-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
  }
  ~TempDb() { std::filesystem::remove_all(dir_); }
  std::string path() const { return dir_ + "/users.db"; }

 private:
  std::string dir_;
};

TEST(ChatPassword, HashIsArgon2idSaltedAndVerifies) {
  PasswordHasher hasher;
  auto a = hasher.hash("correct horse");
  auto b = hasher.hash("correct horse");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->rfind("$argon2id$", 0), 0u) << *a;
  EXPECT_NE(a->find("m=19456,t=2"), std::string::npos) << *a;  // 19 MiB in KiB, t = 2
  EXPECT_NE(*a, *b);                                           // a random salt each time
  EXPECT_EQ(a->find("correct horse"), std::string::npos);
  EXPECT_TRUE(hasher.verify(*a, "correct horse"));
  EXPECT_FALSE(hasher.verify(*a, "correct horsE"));
  EXPECT_FALSE(hasher.verify("not a hash", "correct horse"));
  EXPECT_FALSE(hasher.needs_rehash(*a));
}

TEST(ChatPassword, WeakerOldHashesNeedARehash) {
  PasswordHasher old_policy(HashPolicy{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN});
  auto old_hash = old_policy.hash("password1");
  ASSERT_TRUE(old_hash);
  PasswordHasher current;
  EXPECT_TRUE(current.verify(*old_hash, "password1"));  // parameters travel with the hash
  EXPECT_TRUE(current.needs_rehash(*old_hash));
  EXPECT_TRUE(current.needs_rehash("garbage"));
}

TEST(ChatUserStore, AddsLooksUpAndRefusesDuplicates) {
  TempDb db;
  {
    UserStore store(db.path());
    EXPECT_EQ(store.count(), 0);
    EXPECT_EQ(store.add("alice", "h1"), UserStore::AddResult::kAdded);
    EXPECT_EQ(store.add("alice", "h2"), UserStore::AddResult::kExists);
    EXPECT_EQ(store.hash_of("alice"), "h1");
    EXPECT_FALSE(store.hash_of("bob").has_value());
    EXPECT_FALSE(store.hash_of("ALICE").has_value());  // names are case-sensitive
    store.update_hash("alice", "h3");
  }
  UserStore reopened(db.path());  // committed rows survive a reopen
  EXPECT_EQ(reopened.hash_of("alice"), "h3");
  EXPECT_EQ(reopened.count(), 1);
}

TEST(ChatUserStore, RefusesAFileThatIsNotADatabase) {
  TempDb db;
  {
    std::FILE* f = std::fopen(db.path().c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("this is not sqlite, just some text long enough to have a header\n", f);
    std::fclose(f);
  }
  try {
    UserStore store(db.path());
    FAIL() << "opened a text file as a database";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    EXPECT_NE(std::string(e.what()).find(db.path()), std::string::npos);
  }
}

// Runs the loop until `want` results came back (or 60 s passed, failing the test).
std::vector<AuthResult> results_of(net::EventLoop& loop, AuthWorker& worker,
                                   const std::vector<std::pair<AuthWorker::Job, std::string>>& jobs,
                                   const std::string& user) {
  std::vector<AuthResult> results;
  for (const auto& [job, password] : jobs) {
    EXPECT_TRUE(worker.submit(job, user, password, [&](AuthResult r) {
      results.push_back(r);
      if (results.size() == jobs.size()) loop.stop();
    }));
  }
  loop.run_after(std::chrono::seconds(60), [&] { loop.stop(); });
  loop.run();
  return results;
}

TEST(ChatAuthWorker, RegistersLogsInAndDeniesUnknownAndWrongAlike) {
  TempDb db;
  UserStore store(db.path());
  PasswordHasher hasher;
  net::EventLoop loop;
  AuthWorker worker(loop, store, hasher);
  using J = AuthWorker::Job;
  auto r = results_of(loop, worker,
                      {{J::kRegister, "password1"},
                       {J::kRegister, "password2"},
                       {J::kLogin, "password1"},
                       {J::kLogin, "password2"}},
                      "alice");
  EXPECT_EQ(r, (std::vector<AuthResult>{AuthResult::kOk, AuthResult::kUserExists, AuthResult::kOk,
                                        AuthResult::kDenied}));
  net::EventLoop loop2;
  AuthWorker worker2(loop2, store, hasher);
  EXPECT_EQ(results_of(loop2, worker2, {{J::kLogin, "password1"}}, "nobody"),
            std::vector<AuthResult>{AuthResult::kDenied});
}

TEST(ChatAuthWorker, UnknownUserCostsAnArgon2idVerifyToo) {
  TempDb db;
  UserStore store(db.path());
  PasswordHasher hasher;
  ASSERT_EQ(store.add("alice", *hasher.hash("password1")), UserStore::AddResult::kAdded);
  using J = AuthWorker::Job;
  auto time_of = [&](const std::string& user) {
    net::EventLoop loop;
    AuthWorker worker(loop, store, hasher);
    auto start = std::chrono::steady_clock::now();
    results_of(loop, worker, {{J::kLogin, "wrongpass"}, {J::kLogin, "wrongpass"}}, user);
    return std::chrono::steady_clock::now() - start;
  };
  auto known = time_of("alice");
  auto unknown = time_of("nobody");
  // Without the dummy verify an unknown user answers in microseconds; with it both take
  // two Argon2id runs. A loose bound, for a loaded machine.
  EXPECT_GT(unknown * 4, known);
  EXPECT_GT(unknown, std::chrono::milliseconds(5));
}

TEST(ChatAuthWorker, LoginUpgradesAnOldHash) {
  TempDb db;
  UserStore store(db.path());
  PasswordHasher old_policy(HashPolicy{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN});
  ASSERT_EQ(store.add("alice", *old_policy.hash("password1")), UserStore::AddResult::kAdded);
  PasswordHasher hasher;
  net::EventLoop loop;
  AuthWorker worker(loop, store, hasher);
  EXPECT_EQ(results_of(loop, worker, {{AuthWorker::Job::kLogin, "password1"}}, "alice"),
            std::vector<AuthResult>{AuthResult::kOk});
  auto now_stored = store.hash_of("alice");
  ASSERT_TRUE(now_stored);
  EXPECT_FALSE(hasher.needs_rehash(*now_stored));
  EXPECT_TRUE(hasher.verify(*now_stored, "password1"));
}

TEST(ChatAuthWorker, BoundedQueueRefusesPastItsLimit) {
  TempDb db;
  UserStore store(db.path());
  PasswordHasher hasher;
  net::EventLoop loop;
  AuthWorker worker(loop, store, hasher, 2);
  int accepted = 0;
  for (int i = 0; i < 10; ++i) {
    if (worker.submit(AuthWorker::Job::kLogin, "nobody", "password1", [](AuthResult) {})) {
      ++accepted;
    }
  }
  // Two queued, plus at most one the thread already took out of the queue.
  EXPECT_GE(accepted, 2);
  EXPECT_LE(accepted, 3);
}

}  // namespace
}  // namespace sockscope::chat
