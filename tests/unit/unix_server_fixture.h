// Test helpers for net::TcpServer-based code: a Unix stream listener (the server accepts
// any stream listener, so no network, not even loopback, is touched), bounded loop runs,
// and a client-side reader.
#pragma once

#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <string>
#include <string_view>

#include "net/event_loop.h"
#include "net/fd.h"

namespace sockscope::net::unit {

class UnixListener {
 public:
  UnixListener() {
    char dir[] = "/tmp/sockscope-unit-XXXXXX";
    dir_ = ::mkdtemp(dir);
    path_ = dir_ + "/s";
  }
  ~UnixListener() {
    ::unlink(path_.c_str());
    ::rmdir(dir_.c_str());
  }
  UniqueFd listen() const {
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    sockaddr_un sun = address();
    EXPECT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&sun), sizeof(sun)), 0);
    EXPECT_EQ(::listen(fd.get(), 64), 0);
    return fd;
  }
  // A client socket, connected, non-blocking (the test reads it between loop rounds).
  UniqueFd connect(int receive_buffer = 0) const {
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (receive_buffer > 0) {
      ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof(receive_buffer));
    }
    sockaddr_un sun = address();
    EXPECT_EQ(::connect(fd.get(), reinterpret_cast<sockaddr*>(&sun), sizeof(sun)), 0);
    int one = 1;
    ::ioctl(fd.get(), FIONBIO, &one);
    return fd;
  }

 private:
  sockaddr_un address() const {
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    path_.copy(sun.sun_path, sizeof(sun.sun_path) - 1);
    return sun;
  }
  std::string dir_;
  std::string path_;
};

// Runs loop rounds until `done` or 3 s (bounded: a broken server fails, never hangs).
template <class Done>
bool run_until(EventLoop& loop, Done done) {
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    loop.run_once(std::chrono::milliseconds(5));
  }
  return true;
}

// What a client has read so far; `eof` once the server closed or half-closed.
struct Reader {
  std::string bytes;
  bool eof = false;
  void poll(int fd) {
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof(buf));
      if (n > 0) {
        bytes.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0 || (errno != EAGAIN && errno != EINTR)) eof = true;
      return;
    }
  }
};

inline void put(int fd, std::string_view bytes) {
  ASSERT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
}

}  // namespace sockscope::net::unit
