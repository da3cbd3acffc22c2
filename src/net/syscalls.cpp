#include "net/syscalls.h"

#include <unistd.h>

#include <cerrno>

namespace sockscope::net {
namespace {

SysResult wrap(long rc) {
  return {rc, rc < 0 ? errno : 0};
}

class RealSysCalls final : public SysCalls {
 public:
  SysResult socket(int domain, int type, int protocol) override {
    return wrap(::socket(domain, type, protocol));
  }
  SysResult bind(int fd, const sockaddr* addr, socklen_t len) override {
    return wrap(::bind(fd, addr, len));
  }
  SysResult connect(int fd, const sockaddr* addr, socklen_t len) override {
    return wrap(::connect(fd, addr, len));
  }
  SysResult poll(pollfd* fds, nfds_t count, int timeout_ms) override {
    return wrap(::poll(fds, count, timeout_ms));
  }
  SysResult getsockopt_error(int fd) override {
    int err = 0;
    socklen_t len = sizeof(err);
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) return {-1, errno};
    return {err, 0};
  }
  SysResult close(int fd) override { return wrap(::close(fd)); }
};

}  // namespace

SysCalls& SysCalls::real() {
  static RealSysCalls instance;
  return instance;
}

}  // namespace sockscope::net
