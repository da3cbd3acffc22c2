// Bench-only. Google Benchmark: what sockscope's EventLoop adds per dispatched event over
// a bare epoll loop doing the same work. A one-byte ping over an AF_UNIX socketpair (no
// network at all): write on one end, wait for readiness, read on the other.
#include <benchmark/benchmark.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include "net/event_loop.h"
#include "net/fd.h"

namespace {

struct Pair {
  sockscope::net::UniqueFd a, b;
  Pair() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0)
      std::abort();
    a.reset(fds[0]);
    b.reset(fds[1]);
  }
};

void ping(int fd) {
  if (::write(fd, "x", 1) != 1) std::abort();
}

void drain(int fd) {
  char c;
  if (::read(fd, &c, 1) != 1) std::abort();
}

void BM_BareEpoll(benchmark::State& state) {
  Pair p;
  sockscope::net::UniqueFd ep(::epoll_create1(EPOLL_CLOEXEC));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = p.b.get();
  ::epoll_ctl(ep.get(), EPOLL_CTL_ADD, p.b.get(), &ev);
  epoll_event out[16];
  for (auto _ : state) {
    ping(p.a.get());
    int n = ::epoll_wait(ep.get(), out, 16, -1);
    for (int i = 0; i < n; ++i) drain(out[i].data.fd);
  }
}

void BM_EventLoop(benchmark::State& state) {
  Pair p;
  sockscope::net::EventLoop loop;
  auto step = [&] {
    if (state.KeepRunning()) {
      ping(p.a.get());
    } else {
      loop.stop();
    }
  };
  loop.watch(p.b.get(), EPOLLIN, [&](std::uint32_t) {
    drain(p.b.get());
    step();
  });
  step();
  loop.run();
}

}  // namespace

BENCHMARK(BM_BareEpoll);
BENCHMARK(BM_EventLoop);
BENCHMARK_MAIN();
