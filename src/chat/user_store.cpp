#include "chat/user_store.h"

#include <sqlite3.h>

#include "core/error.h"

namespace sockscope::chat {
namespace {

// One prepared statement, finalized however the scope is left.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw Error(ExitCode::kInternal, std::string("sqlite: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  void bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  int step() { return sqlite3_step(stmt_); }
  sqlite3_stmt* get() { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  throw Error(ExitCode::kInternal, "sqlite: " + what + ": " + sqlite3_errmsg(db));
}

}  // namespace

UserStore::UserStore(const std::string& path) {
  if (sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw usage_error("bad --db " + path + ": " + why);
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec(
        "CREATE TABLE IF NOT EXISTS users ("
        " name TEXT PRIMARY KEY NOT NULL,"
        " hash TEXT NOT NULL,"
        " created INTEGER NOT NULL DEFAULT (strftime('%s','now')))");
  } catch (const Error& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw usage_error("bad --db " + path + ": " + e.what());
  }
}

UserStore::~UserStore() {
  sqlite3_close(db_);
}

void UserStore::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string why = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    throw Error(ExitCode::kInternal, "sqlite: " + why);
  }
}

UserStore::AddResult UserStore::add(std::string_view user, std::string_view hash) {
  // One statement is one transaction: the row is there whole after COMMIT, or not at all.
  Statement insert(db_, "INSERT INTO users(name, hash) VALUES(?1, ?2)");
  insert.bind(1, user);
  insert.bind(2, hash);
  int rc = insert.step();
  if (rc == SQLITE_DONE) return AddResult::kAdded;
  if (rc == SQLITE_CONSTRAINT) return AddResult::kExists;
  fail(db_, "cannot add a user");
}

std::optional<std::string> UserStore::hash_of(std::string_view user) {
  Statement select(db_, "SELECT hash FROM users WHERE name = ?1");
  select.bind(1, user);
  int rc = select.step();
  if (rc == SQLITE_ROW) {
    return std::string(reinterpret_cast<const char*>(sqlite3_column_text(select.get(), 0)));
  }
  if (rc == SQLITE_DONE) return std::nullopt;
  fail(db_, "cannot look a user up");
}

void UserStore::update_hash(std::string_view user, std::string_view hash) {
  Statement update(db_, "UPDATE users SET hash = ?2 WHERE name = ?1");
  update.bind(1, user);
  update.bind(2, hash);
  if (update.step() != SQLITE_DONE) fail(db_, "cannot update a hash");
}

long long UserStore::count() {
  Statement select(db_, "SELECT count(*) FROM users");
  if (select.step() != SQLITE_ROW) fail(db_, "cannot count users");
  return sqlite3_column_int64(select.get(), 0);
}

}  // namespace sockscope::chat
