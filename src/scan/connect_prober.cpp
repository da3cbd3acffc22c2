#include "scan/connect_prober.h"

#include <netinet/in.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <system_error>

#include "net/socket_ops.h"

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

ConnectSockets::Outcome ConnectSockets::connect(const ProbeKey& key, const net::Endpoint& to,
                                                Reply& reply, net::UniqueFd& out) {
  net::Endpoint source = source_for(key, to);
  bool reused = false;
  net::UniqueFd fd = take_socket(source, reused);
  if (!fd) return Outcome::kBusy;  // EMFILE / ENFILE / ENOBUFS
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
    return Outcome::kBusy;  // no local port
  if (error != EINPROGRESS) {
    if (error == 0) {
      error = connected_verdict(fd.get(), to);
      close_with_reset(fd.get());
    } else if (error == ECONNREFUSED) {
      // The refused connect() left the socket unconnected: Linux lets it connect again,
      // which spares a socket() and a close() for every closed port.
      keep_socket(source, std::move(fd), !reused);
    }
    reply = classify_connect(key, error);
    return Outcome::kAnswered;
  }
  close_with_reset(fd.get());
  out = std::move(fd);
  return Outcome::kInProgress;
}

ConnectProber::ConnectProber(const Clock& clock, int helpers) : loop_(clock) {
  if (helpers <= 0) return;
  done_event_.reset(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!done_event_) return;  // no eventfd: every connect stays on this thread
  loop_.watch(done_event_.get(), EPOLLIN, [this](std::uint32_t) {
    std::uint64_t n;
    while (::read(done_event_.get(), &n, sizeof(n)) > 0) {
    }
    if (sink_) take_back(*sink_);
  });
  try {
    for (int i = 0; i < helpers; ++i) helpers_.emplace_back([this] { helper_main(); });
  } catch (const std::system_error&) {
    // No thread: the ones started stop below, and this thread does every connect.
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    jobs_ready_.notify_all();
    for (auto& t : helpers_) t.join();
    helpers_.clear();
  }
}

ConnectProber::~ConnectProber() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  jobs_ready_.notify_all();
  for (auto& t : helpers_) t.join();
  if (done_event_) loop_.unwatch(done_event_.get());
  for (auto& [key, fd] : sockets_) loop_.unwatch(fd.get());
}

void ConnectProber::helper_main() {
  ConnectSockets sockets;
  std::vector<Job> jobs;
  std::vector<Done> done;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      jobs_ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      jobs.swap(jobs_);
    }
    for (const Job& job : jobs) {
      Done d;
      d.key = job.key;
      d.seq = job.seq;
      d.outcome = sockets.connect(job.key, job.key.address.endpoint(job.key.port), d.reply, d.fd);
      done.push_back(std::move(d));
      helped_.fetch_add(1, std::memory_order_relaxed);
    }
    jobs.clear();
    bool wake = false;
    {
      std::lock_guard lock(mutex_);
      wake = done_.empty();  // the engine's thread is told once per batch, not per connect
      for (auto& d : done) done_.push_back(std::move(d));
    }
    done.clear();
    if (wake) {
      std::uint64_t one = 1;
      [[maybe_unused]] auto n = ::write(done_event_.get(), &one, sizeof(one));
    }
  }
}

SendStatus ConnectProber::send(const ProbeKey& key, int, std::vector<Reply>& replies) {
  // The helpers only connect; this thread also runs the engine and reads the answers.
  // So the helpers get every job while their backlog is short and this thread connects
  // the rest: the split follows what each thread has time for.
  if (helpers_.empty() ||
      given_ - helped_.load(std::memory_order_relaxed) >= kHelperBacklog * helpers_.size())
    return send_here(key, replies);
  ++given_;
  std::uint64_t seq = ++next_seq_;
  handed_[key] = seq;
  outbox_.push_back({key, seq});
  if (outbox_.size() >= 16) hand_over();
  return SendStatus::kSent;
}

SendStatus ConnectProber::send_here(const ProbeKey& key, std::vector<Reply>& replies) {
  net::Endpoint to = key.address.endpoint(key.port);
  Reply reply;
  net::UniqueFd fd;
  switch (sockets_here_.connect(key, to, reply, fd)) {
    case ConnectSockets::Outcome::kBusy:
      return SendStatus::kBusy;
    case ConnectSockets::Outcome::kAnswered:
      replies.push_back(reply);
      return SendStatus::kAnswered;
    case ConnectSockets::Outcome::kInProgress:
      break;
  }
  watch_connecting(key, to, std::move(fd));
  return SendStatus::kSent;
}

void ConnectProber::watch_connecting(const ProbeKey& key, const net::Endpoint& to,
                                     net::UniqueFd fd) {
  int raw = fd.get();
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
}

void ConnectProber::hand_over() {
  if (outbox_.empty()) return;
  {
    std::lock_guard lock(mutex_);
    if (jobs_.empty()) {
      jobs_.swap(outbox_);
    } else {
      jobs_.insert(jobs_.end(), outbox_.begin(), outbox_.end());
      outbox_.clear();
    }
  }
  jobs_ready_.notify_one();
}

void ConnectProber::take_back(std::vector<Reply>& replies) {
  {
    std::lock_guard lock(mutex_);
    inbox_.swap(done_);
  }
  for (Done& d : inbox_) {
    auto it = handed_.find(d.key);
    bool live = it != handed_.end() && it->second == d.seq;
    if (live) handed_.erase(it);
    switch (d.outcome) {
      case ConnectSockets::Outcome::kAnswered:
        // A stale answer is still the port's answer; the engine drops keys it is done with.
        replies.push_back(d.reply);
        break;
      case ConnectSockets::Outcome::kInProgress:
        if (live) watch_connecting(d.key, d.key.address.endpoint(d.key.port), std::move(d.fd));
        break;  // a stale one closes here, with an RST
      case ConnectSockets::Outcome::kBusy:
        // The helper was out of sockets or ports: try once here, else the probe times
        // out and is retransmitted like a lost one.
        if (live) send_here(d.key, replies);
        break;
    }
  }
  inbox_.clear();
}

net::Endpoint ConnectSockets::source_for(const ProbeKey& key, const net::Endpoint& to) {
  if (std::optional<net::IpAddress> source = routes_.source_for(key.address))
    return source->endpoint(0);
  // No route: the connect fails anyway; bind as the kernel would.
  return to.is_ipv6() ? net::Endpoint::ipv6(in6addr_any, 0)
                      : net::Endpoint::ipv4(in_addr{htonl(INADDR_ANY)}, 0);
}

net::UniqueFd ConnectSockets::take_socket(const net::Endpoint& source, bool& reused) {
  reused = !spare_.empty() && spare_source_ == source;
  if (reused) {
    net::UniqueFd fd = std::move(spare_.back());
    spare_.pop_back();
    return fd;
  }
  return net::UniqueFd(::socket(source.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
}

void ConnectSockets::keep_socket(const net::Endpoint& source, net::UniqueFd fd, bool fresh) {
  if (!(spare_source_ == source)) {  // a target on another route: start over from its source
    spare_.clear();
    spare_source_ = source;
  }
  if (spare_.size() >= 64) return;
  if (fresh) bind_own_port(fd.get(), source);  // a reused one is bound already (or never will be)
  spare_.push_back(std::move(fd));
}

// A socket bound by the kernel's choice gives its address and port back when refused,
// and its next connect() searches the ephemeral range again and rehashes the socket
// under its new address (and back on refusal). One bound to the route's source address
// and a port we named keeps both: each later connect() skips that work (about a quarter
// of a refused connect's kernel time on loopback). A refused, unconnected socket may
// still be bound; if no port we try is free, the socket stays as it was.
void ConnectSockets::bind_own_port(int fd, const net::Endpoint& source) {
  if (port_range_.first == 0) {
    port_range_ = {32768, 60999};
    if (FILE* f = std::fopen("/proc/sys/net/ipv4/ip_local_port_range", "r")) {
      unsigned lo = 0, hi = 0;
      if (std::fscanf(f, "%u %u", &lo, &hi) == 2 && lo > 0 && lo <= hi && hi <= 65535)
        port_range_ = {lo, hi};
      std::fclose(f);
    }
  }
  net::Endpoint local = source;
  for (int attempt = 0; attempt < 4; ++attempt) {
    local.set_port(static_cast<std::uint16_t>(
        port_range_.first + rng_() % (port_range_.second - port_range_.first + 1)));
    if (::bind(fd, local.sockaddr_ptr(), local.length()) == 0) return;
    if (errno != EADDRINUSE) return;
  }
}

void ConnectProber::abandon(const ProbeKey& key) {
  handed_.erase(key);  // whatever a helper reports for it now is stale
  auto it = sockets_.find(key);
  if (it == sockets_.end()) return;
  loop_.unwatch(it->second.get());
  sockets_.erase(it);
}

void ConnectProber::wait(Duration max_wait, std::vector<Reply>& replies) {
  std::size_t before = replies.size();
  if (!helpers_.empty()) {
    hand_over();
    take_back(replies);
  }
  sink_ = &replies;
  // Outcomes already taken back are answers: look at the sockets, but do not sleep.
  loop_.run_once(replies.size() > before ? Duration::zero() : max_wait);
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
