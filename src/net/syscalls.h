// Public. The system calls that decide network outcomes, behind one small interface
// returning {value, errno} (envoy's habit), so tests can force ECONNREFUSED, EAGAIN or
// a timeout without a network. Production code uses SysCalls::real().
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>

namespace sockscope::net {

struct SysResult {
  long value;  // the call's return value
  int error;   // errno when value < 0, else 0
};

class SysCalls {
 public:
  virtual ~SysCalls() = default;
  virtual SysResult socket(int domain, int type, int protocol) = 0;
  virtual SysResult bind(int fd, const sockaddr* addr, socklen_t len) = 0;
  virtual SysResult connect(int fd, const sockaddr* addr, socklen_t len) = 0;
  virtual SysResult poll(pollfd* fds, nfds_t count, int timeout_ms) = 0;
  virtual SysResult getsockopt_error(int fd) = 0;  // SO_ERROR as value
  virtual SysResult close(int fd) = 0;

  static SysCalls& real();
};

}  // namespace sockscope::net
