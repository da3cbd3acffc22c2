// connect_floor: the least a connect scan can cost on this kernel, as a yardstick for
// bench/scan. It connect()s to every port of a range on one IPv4 address from THREADS
// threads (default: one per core), each with one socket bound to its own port that it
// reuses after every refusal, asking for each answer with a second connect(): two system
// calls per port, no event loop, no timeouts, no retries, no output. What is left is the
// kernel's work for a SYN, its RST and the socket's state, which any connect scan pays.
// Run it only inside a private network namespace (bench/scan does).
//   connect_floor ADDRESS FIRST-LAST [THREADS]
// Prints "<ms> ms <closed> closed <open> open <other> other" and exits 1 when any port
// was not answered on the spot (other > 0: not loopback, or no socket could be bound).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Counts {
  std::atomic<long> closed{0}, open{0}, other{0};
};

std::uint16_t own_port(int thread) {
  return static_cast<std::uint16_t>(61000 + thread);
}

int bound_socket(in_addr address, int thread) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return fd;
  int one = 1;  // a port left in TIME_WAIT by the last run must not stop this one
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_addr = address;
  local.sin_port = htons(own_port(thread));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) < 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

void scan_share(in_addr address, int first, int last, int thread, int threads, Counts& counts) {
  int fd = bound_socket(address, thread);
  for (int port = first + thread; port <= last; port += threads) {
    if (fd < 0) {  // no socket to be had: the port counts as not scanned, not as fast
      ++counts.other;
      continue;
    }
    if (port == own_port(thread)) {  // ours, bound and not listening: closed, but a
      ++counts.closed;               // connect() to it would "open" to itself
      continue;
    }
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr = address;
    to.sin_port = htons(static_cast<std::uint16_t>(port));
    const auto* sa = reinterpret_cast<const sockaddr*>(&to);
    int rc = ::connect(fd, sa, sizeof(to));
    if (rc < 0 && errno == EINPROGRESS) rc = ::connect(fd, sa, sizeof(to));
    if (rc < 0 && errno == ECONNREFUSED) {
      ++counts.closed;
      continue;
    }
    if (rc == 0 || errno == EISCONN) {
      ++counts.open;
    } else {
      ++counts.other;  // still in progress (not loopback?) or an error: not waited for
    }
    linger reset{1, 0};  // an RST, not TIME_WAIT, as the scanners do
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset));
    ::close(fd);  // a connected (or pending) socket cannot be reused
    fd = bound_socket(address, thread);
  }
  if (fd >= 0) ::close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  in_addr address{};
  int first = 0, last = 0;
  if (argc < 3 || ::inet_pton(AF_INET, argv[1], &address) != 1 ||
      std::sscanf(argv[2], "%d-%d", &first, &last) != 2 || first < 1 || last > 65535 ||
      first > last) {
    std::fprintf(stderr, "usage: connect_floor IPV4-ADDRESS FIRST-LAST [THREADS]\n");
    return 2;
  }
  int threads =
      argc > 3 ? std::atoi(argv[3]) : static_cast<int>(std::thread::hardware_concurrency());
  if (threads < 1 || threads > 64) threads = 1;
  Counts counts;
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back(scan_share, address, first, last, t, threads, std::ref(counts));
  for (auto& t : pool) t.join();
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  std::printf("%.0f ms %ld closed %ld open %ld other\n", ms.count(), counts.closed.load(),
              counts.open.load(), counts.other.load());
  return counts.other.load() == 0 ? 0 : 1;  // bench/scan shows the counts either way
}
