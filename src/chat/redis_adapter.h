// Internal. hiredis's asynchronous API driven by our net::EventLoop (the hooks hiredis's
// own adapters give libev or ae): the context's descriptor is watched on the loop, and
// readiness calls redisAsyncHandleRead/Write. No thread, no blocking call.
//
// Ownership: the adapter belongs to whoever made the redisAsyncContext (RedisLink); it
// outlives the context. hiredis calls cleanup() when it frees the context, after which
// the adapter watches nothing and context() is null. Loop thread only.
#pragma once

#include <cstdint>

#include "net/event_loop.h"

struct redisAsyncContext;

namespace sockscope::chat {

class RedisLoopAdapter {
 public:
  explicit RedisLoopAdapter(net::EventLoop& loop) : loop_(loop) {}
  ~RedisLoopAdapter() { detach(); }
  RedisLoopAdapter(const RedisLoopAdapter&) = delete;
  RedisLoopAdapter& operator=(const RedisLoopAdapter&) = delete;

  // Installs the hooks on `ac` (once per context, right after redisAsyncConnect).
  void attach(redisAsyncContext* ac);
  redisAsyncContext* context() const { return ac_; }

 private:
  static void add_read(void* self);
  static void del_read(void* self);
  static void add_write(void* self);
  static void del_write(void* self);
  static void cleanup(void* self);

  void want(std::uint32_t events);
  void on_events(std::uint32_t events);
  void detach();

  net::EventLoop& loop_;
  redisAsyncContext* ac_ = nullptr;
  int fd_ = -1;
  std::uint32_t events_ = 0;
  bool watching_ = false;
};

}  // namespace sockscope::chat
