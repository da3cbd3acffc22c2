// Bench-only. The load generator behind bench/serve: one thread, one epoll set, the same
// client for every contender so that only the server differs.
//
//   loadgen pingpong --port P [--host 127.0.0.1] [--conns 50] [--seconds 3]
//                    [--message 'PING\r\n'] [--reply '+PONG\r\n']
//     Each connection sends the message, waits until the whole reply has arrived (and
//     checks its bytes), then sends again. Prints "roundtrips N seconds S rate R".
//   loadgen idle --port P [--host 127.0.0.1] [--conns 10000] [--hold 120]
//     Opens the connections, sends nothing, prints "connected N" and holds them until
//     stdin closes or --hold seconds pass.
//
// Bounded: every wait has a deadline; a server that stops answering for 5 s is an error
// (exit 1), never a hang. Escapes \r \n \t and \\ in --message and --reply.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Args {
  std::string mode;
  std::string host = "127.0.0.1";
  int port = 0;
  int conns = -1;
  double seconds = 3.0;
  double hold = 120.0;
  std::string message = "PING\r\n";
  std::string reply = "+PONG\r\n";
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "loadgen: %s\n", what.c_str());
  std::exit(1);
}

std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    out += c == 'r' ? '\r' : c == 'n' ? '\n' : c == 't' ? '\t' : c;
  }
  return out;
}

Args parse(int argc, char** argv) {
  Args a;
  if (argc < 2) die("usage: loadgen pingpong|idle --port P [options]");
  a.mode = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (i + 1 >= argc) die("missing value for " + std::string(flag));
    const char* v = argv[++i];
    if (flag == "--host")
      a.host = v;
    else if (flag == "--port")
      a.port = std::atoi(v);
    else if (flag == "--conns")
      a.conns = std::atoi(v);
    else if (flag == "--seconds")
      a.seconds = std::atof(v);
    else if (flag == "--hold")
      a.hold = std::atof(v);
    else if (flag == "--message")
      a.message = unescape(v);
    else if (flag == "--reply")
      a.reply = unescape(v);
    else
      die("unknown option " + std::string(flag));
  }
  if (a.mode != "pingpong" && a.mode != "idle") die("mode must be pingpong or idle");
  if (a.port <= 0 || a.port > 65535) die("bad --port");
  if (a.conns < 0) a.conns = a.mode == "idle" ? 10000 : 50;
  if (a.conns < 1 || a.conns > 100000) die("bad --conns");
  if (a.seconds <= 0 || a.seconds > 600 || a.hold <= 0 || a.hold > 3600) die("bad duration");
  if (a.message.empty() || a.reply.empty()) die("empty --message or --reply");
  return a;
}

void raise_fd_limit(int needed) {
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  rlim_t want = static_cast<rlim_t>(needed) + 64;
  if (lim.rlim_cur >= want) return;
  lim.rlim_cur = want;
  if (lim.rlim_max < want) lim.rlim_max = want;  // works as root
  if (setrlimit(RLIMIT_NOFILE, &lim) != 0)
    die("cannot raise the descriptor limit; run 'ulimit -n' higher");
}

// Connects `count` non-blocking sockets, in batches so the listen queue never overflows.
std::vector<int> connect_all(const Args& a, int count) {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(a.port));
  if (inet_pton(AF_INET, a.host.c_str(), &to.sin_addr) != 1) die("bad --host " + a.host);
  std::vector<int> fds;
  fds.reserve(static_cast<std::size_t>(count));
  constexpr int kBatch = 500;
  for (int start = 0; start < count; start += kBatch) {
    int end = start + kBatch < count ? start + kBatch : count;
    std::vector<pollfd> waiting;
    for (int i = start; i < end; ++i) {
      int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) die(std::string("socket: ") + std::strerror(errno));
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
      if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) < 0 && errno != EINPROGRESS) {
        die(std::string("connect: ") + std::strerror(errno));
      }
      fds.push_back(fd);
      waiting.push_back(pollfd{fd, POLLOUT, 0});
    }
    auto deadline = Clock::now() + std::chrono::seconds(10);
    std::size_t done = 0;
    while (done < waiting.size()) {
      if (Clock::now() > deadline) die("connections did not complete within 10 s");
      if (::poll(waiting.data(), waiting.size(), 100) < 0 && errno != EINTR) die("poll failed");
      for (auto& p : waiting) {
        if (p.fd < 0 || p.revents == 0) continue;
        int err = 0;
        socklen_t len = sizeof(err);
        ::getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) die(std::string("connect: ") + std::strerror(err));
        p.fd = -1;  // poll ignores negative descriptors
        ++done;
      }
    }
  }
  return fds;
}

struct Conn {
  int fd = -1;
  std::size_t got = 0;  // reply bytes received for the round trip in flight
};

int pingpong(const Args& a) {
  raise_fd_limit(a.conns);
  std::vector<int> fds = connect_all(a, a.conns);
  int ep = ::epoll_create1(EPOLL_CLOEXEC);
  std::vector<Conn> conns(fds.size());
  for (std::size_t i = 0; i < fds.size(); ++i) {
    conns[i].fd = fds[i];
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev);
  }
  auto send_request = [&](Conn& c) {
    // The request is a handful of bytes into an empty socket buffer: it goes whole.
    ssize_t w = ::send(c.fd, a.message.data(), a.message.size(), MSG_NOSIGNAL);
    if (w != static_cast<ssize_t>(a.message.size())) die("short or failed send");
    c.got = 0;
  };
  for (auto& c : conns) send_request(c);

  std::vector<char> buf(64 * 1024);
  std::vector<epoll_event> events(conns.size());
  std::uint64_t roundtrips = 0;
  auto start = Clock::now();
  auto end =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(a.seconds));
  auto last_progress = start;
  for (;;) {
    auto now = Clock::now();
    if (now >= end) break;
    if (now - last_progress > std::chrono::seconds(5)) die("no reply for 5 s");
    int n = ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), 100);
    if (n < 0 && errno != EINTR) die("epoll_wait failed");
    for (int i = 0; i < n; ++i) {
      Conn& c = conns[events[i].data.u64];
      ssize_t r = ::recv(c.fd, buf.data(), buf.size(), 0);
      if (r == 0) die("server closed a connection");
      if (r < 0) {
        if (errno == EAGAIN) continue;
        die(std::string("recv: ") + std::strerror(errno));
      }
      auto got = static_cast<std::size_t>(r);
      if (c.got + got > a.reply.size() ||
          std::memcmp(buf.data(), a.reply.data() + c.got, got) != 0) {
        die("unexpected reply bytes");
      }
      c.got += got;
      if (c.got == a.reply.size()) {
        ++roundtrips;
        last_progress = Clock::now();
        send_request(c);
      }
    }
  }
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("roundtrips %llu seconds %.3f rate %.0f\n",
              static_cast<unsigned long long>(roundtrips), elapsed,
              static_cast<double>(roundtrips) / elapsed);
  for (auto& c : conns) ::close(c.fd);
  ::close(ep);
  return 0;
}

int idle(const Args& a) {
  raise_fd_limit(a.conns);
  std::vector<int> fds = connect_all(a, a.conns);
  std::printf("connected %zu\n", fds.size());
  std::fflush(stdout);
  // Hold until the driver closes our stdin (or the bound passes).
  pollfd in{0, POLLIN, 0};
  auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(a.hold));
  while (Clock::now() < deadline) {
    if (::poll(&in, 1, 200) > 0) {
      char c;
      if (::read(0, &c, 1) <= 0) break;
    }
  }
  for (int fd : fds) ::close(fd);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a = parse(argc, argv);
  return a.mode == "pingpong" ? pingpong(a) : idle(a);
}
