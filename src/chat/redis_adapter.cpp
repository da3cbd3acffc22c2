#include "chat/redis_adapter.h"

#include <hiredis/async.h>
#include <sys/epoll.h>

namespace sockscope::chat {

void RedisLoopAdapter::attach(redisAsyncContext* ac) {
  detach();
  ac_ = ac;
  fd_ = ac->c.fd;
  ac->ev.data = this;
  ac->ev.addRead = &RedisLoopAdapter::add_read;
  ac->ev.delRead = &RedisLoopAdapter::del_read;
  ac->ev.addWrite = &RedisLoopAdapter::add_write;
  ac->ev.delWrite = &RedisLoopAdapter::del_write;
  ac->ev.cleanup = &RedisLoopAdapter::cleanup;
}

void RedisLoopAdapter::add_read(void* self) {
  auto* a = static_cast<RedisLoopAdapter*>(self);
  a->want(a->events_ | EPOLLIN);
}

void RedisLoopAdapter::del_read(void* self) {
  auto* a = static_cast<RedisLoopAdapter*>(self);
  a->want(a->events_ & ~std::uint32_t{EPOLLIN});
}

void RedisLoopAdapter::add_write(void* self) {
  auto* a = static_cast<RedisLoopAdapter*>(self);
  a->want(a->events_ | EPOLLOUT);
}

void RedisLoopAdapter::del_write(void* self) {
  auto* a = static_cast<RedisLoopAdapter*>(self);
  a->want(a->events_ & ~std::uint32_t{EPOLLOUT});
}

void RedisLoopAdapter::cleanup(void* self) {
  auto* a = static_cast<RedisLoopAdapter*>(self);
  a->detach();
}

void RedisLoopAdapter::want(std::uint32_t events) {
  if (fd_ < 0) return;
  if (watching_ && events == events_) return;
  events_ = events;
  if (!watching_) {
    loop_.watch(fd_, events_, [this](std::uint32_t ev) { on_events(ev); });
    watching_ = true;
  } else {
    loop_.modify(fd_, events_);
  }
}

void RedisLoopAdapter::on_events(std::uint32_t events) {
  // hiredis may free the context inside either call (an error, a disconnect): cleanup()
  // then clears ac_, and nothing more is done with it.
  redisAsyncContext* ac = ac_;
  if (ac == nullptr) return;
  if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) redisAsyncHandleRead(ac);
  if (ac_ == ac && (events & EPOLLOUT)) redisAsyncHandleWrite(ac);
}

void RedisLoopAdapter::detach() {
  if (watching_) loop_.unwatch(fd_);
  watching_ = false;
  events_ = 0;
  fd_ = -1;
  if (ac_ != nullptr) ac_->ev.data = nullptr;
  ac_ = nullptr;
}

}  // namespace sockscope::chat
