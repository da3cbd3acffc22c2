#include "net/socket_ops.h"

#include <netinet/in.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace sockscope::net {
namespace {

UniqueFd bound_socket(const Endpoint& at, int type, const ListenOptions& options) {
  if (options.reuse_port && !options.joins_own_group && at.port() != 0) {
    // SO_REUSEPORT lets any socket of the same user that asks for it too share the port,
    // so a second server would silently take half of the first one's clients. A bind
    // without it first finds the port in use (closed at once; the window between the
    // two binds is microseconds).
    ListenOptions alone = options;
    alone.reuse_port = false;
    bound_socket(at, type, alone);
  }
  UniqueFd fd(::socket(at.family(), type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) throw system_error("socket", errno);
  int one = 1;
  int zero = 0;
  // TCP: rebinding past TIME_WAIT. Not for UDP, where it would let a second server share
  // the port silently.
  if (type == SOCK_STREAM) ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (options.reuse_port) ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
  if (at.is_ipv6()) ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
  if (::bind(fd.get(), at.sockaddr_ptr(), at.length()) < 0) {
    int err = errno;
    std::string what = "cannot bind " + at.to_string() + ": " + std::strerror(err);
    if (err == EACCES) throw privilege_error(what + " (ports below 1024 need root)");
    if (err == EADDRNOTAVAIL) throw usage_error(what + " (not an address of this host)");
    throw Error(ExitCode::kNetworkNo, what);
  }
  return fd;
}

}  // namespace

UniqueFd listen_tcp(const Endpoint& at, const ListenOptions& options) {
  UniqueFd fd = bound_socket(at, SOCK_STREAM, options);
  if (::listen(fd.get(), options.backlog) < 0)
    throw system_error("listen on " + at.to_string(), errno);
  return fd;
}

UniqueFd bind_udp(const Endpoint& at, const ListenOptions& options) {
  return bound_socket(at, SOCK_DGRAM, options);
}

Endpoint local_endpoint(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  return Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len);
}

std::optional<Endpoint> route_source(const Endpoint& to) {
  UniqueFd probe(::socket(to.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0));
  Endpoint there = to;
  if (there.port() == 0) there.set_port(9);  // connect() needs some port; nothing is sent
  if (!probe || ::connect(probe.get(), there.sockaddr_ptr(), there.length()) < 0)
    return std::nullopt;
  Endpoint local = local_endpoint(probe.get());
  local.set_port(0);
  return local;
}

long raise_fd_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return -1;
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);
  }
  return static_cast<long>(lim.rlim_cur);
}

void set_receive_buffer(int fd, int bytes) {
  if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) == 0) return;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
}

}  // namespace sockscope::net
