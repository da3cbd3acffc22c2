#include "scan/connect_prober.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>

namespace sockscope::scan {

Reply classify_connect(const ProbeKey& key, int error) {
  Reply r;
  r.key = key;
  switch (error) {
    case 0:
      r.state = PortState::kOpen, r.reason = "syn-ack";
      break;
    case ECONNREFUSED:
    case ECONNRESET:
      r.state = PortState::kClosed, r.reason = "conn-refused";
      break;
    case EHOSTUNREACH:
    case EHOSTDOWN:
      r.state = PortState::kFiltered, r.reason = "host-unreach";
      break;
    case ENETUNREACH:
    case ENETDOWN:
      r.state = PortState::kFiltered, r.reason = "net-unreach";
      break;
    case EACCES:
    case EPERM:
      r.state = PortState::kFiltered, r.reason = "admin-prohibited";
      break;
    default:
      r.state = PortState::kFiltered, r.reason = "no-response";
      break;
  }
  return r;
}

ConnectProber::ConnectProber(const Clock& clock) : loop_(clock) {}

ConnectProber::~ConnectProber() {
  for (auto& [key, fd] : sockets_) loop_.unwatch(fd.get());
}

namespace {

// A connect to a port with no listener can, by chance, pick that very port as its
// source and "succeed" by TCP simultaneous open with itself. No listener means closed.
bool self_connected(int fd, const net::Endpoint& to) {
  sockaddr_storage local{};
  socklen_t len = sizeof(local);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) < 0) return false;
  return net::Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&local), len) == to;
}

int connected_verdict(int fd, const net::Endpoint& to) {
  return self_connected(fd, to) ? ECONNREFUSED : 0;
}

void close_with_reset(int fd) {
  linger lg{1, 0};  // an RST now instead of FIN and TIME_WAIT
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
}

}  // namespace

SendStatus ConnectProber::send(const ProbeKey& key, int, std::vector<Reply>& replies) {
  net::Endpoint to = key.address.endpoint(key.port);
  bool reused = false;
  net::UniqueFd fd = take_socket(to.family(), reused);
  if (!fd) return SendStatus::kBusy;  // EMFILE / ENFILE / ENOBUFS
  int rc = ::connect(fd.get(), to.sockaddr_ptr(), to.length());
  int error = rc == 0 ? 0 : errno;
  if (error == EINPROGRESS) {
    // On loopback and other fast paths the answer is often in before connect()
    // returns: asking again costs one syscall and saves three epoll calls.
    rc = ::connect(fd.get(), to.sockaddr_ptr(), to.length());
    error = rc == 0 ? 0 : errno;
    if (error == EISCONN) error = 0;
    if (error == EALREADY) error = EINPROGRESS;
  }
  if (error == EAGAIN || error == EADDRNOTAVAIL || error == ENOBUFS)
    return SendStatus::kBusy;  // no local port
  if (error != EINPROGRESS) {
    if (error == 0) {
      error = connected_verdict(fd.get(), to);
      close_with_reset(fd.get());
    } else if (error == ECONNREFUSED) {
      // The refused connect() left the socket unconnected: Linux lets it connect again,
      // which spares a socket() and a close() for every closed port.
      keep_socket(to.family(), std::move(fd), !reused);
    }
    replies.push_back(classify_connect(key, error));
    return SendStatus::kAnswered;
  }
  int raw = fd.get();
  close_with_reset(raw);
  loop_.watch(raw, EPOLLOUT, [this, key, raw, to](std::uint32_t) {
    int err = 0;
    socklen_t len = sizeof(err);
    if (::getsockopt(raw, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
    if (err == 0) err = connected_verdict(raw, to);
    if (sink_) sink_->push_back(classify_connect(key, err));
    loop_.unwatch(raw);
    sockets_.erase(key);  // closes with an RST (linger 0)
  });
  sockets_[key] = std::move(fd);
  return SendStatus::kSent;
}

net::UniqueFd ConnectProber::take_socket(int family, bool& reused) {
  auto& spare = family == AF_INET6 ? spare6_ : spare4_;
  reused = !spare.empty();
  if (reused) {
    net::UniqueFd fd = std::move(spare.back());
    spare.pop_back();
    return fd;
  }
  return net::UniqueFd(::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
}

void ConnectProber::keep_socket(int family, net::UniqueFd fd, bool fresh) {
  auto& spare = family == AF_INET6 ? spare6_ : spare4_;
  if (spare.size() >= 64) return;
  if (fresh) bind_own_port(fd.get(), family);  // a reused one is bound already (or never will be)
  spare.push_back(std::move(fd));
}

// A socket bound by the kernel's choice gives its port back when refused, and its next
// connect() searches the ephemeral range again. One bound to a port we named keeps it:
// each later connect() skips that search (about 15% of a refused connect's kernel time
// on loopback). A refused, unconnected socket may still be bound; if no port we try is
// free, the socket stays as it was.
void ConnectProber::bind_own_port(int fd, int family) {
  if (port_range_.first == 0) {
    port_range_ = {32768, 60999};
    if (FILE* f = std::fopen("/proc/sys/net/ipv4/ip_local_port_range", "r")) {
      unsigned lo = 0, hi = 0;
      if (std::fscanf(f, "%u %u", &lo, &hi) == 2 && lo > 0 && lo <= hi && hi <= 65535)
        port_range_ = {lo, hi};
      std::fclose(f);
    }
  }
  for (int attempt = 0; attempt < 4; ++attempt) {
    auto port = static_cast<std::uint16_t>(port_range_.first +
                                           rng_() % (port_range_.second - port_range_.first + 1));
    sockaddr_storage local{};
    socklen_t len = 0;
    if (family == AF_INET6) {
      auto* sin6 = reinterpret_cast<sockaddr_in6*>(&local);
      sin6->sin6_family = AF_INET6;
      sin6->sin6_port = htons(port);
      len = sizeof(*sin6);
    } else {
      auto* sin = reinterpret_cast<sockaddr_in*>(&local);
      sin->sin_family = AF_INET;
      sin->sin_port = htons(port);
      len = sizeof(*sin);
    }
    if (::bind(fd, reinterpret_cast<sockaddr*>(&local), len) == 0) return;
    if (errno != EADDRINUSE) return;
  }
}

void ConnectProber::abandon(const ProbeKey& key) {
  auto it = sockets_.find(key);
  if (it == sockets_.end()) return;
  loop_.unwatch(it->second.get());
  sockets_.erase(it);
}

void ConnectProber::wait(Duration max_wait, std::vector<Reply>& replies) {
  sink_ = &replies;
  loop_.run_once(max_wait);
  sink_ = nullptr;
}

Reply ConnectProber::no_response(const ProbeKey& key) const {
  Reply r;
  r.key = key;
  r.state = PortState::kFiltered;
  r.reason = "no-response";
  return r;
}

}  // namespace sockscope::scan
