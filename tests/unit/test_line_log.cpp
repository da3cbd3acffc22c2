#include "serve/line_log.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "net/fd.h"

namespace sockscope::serve {
namespace {

struct Pipe {
  Pipe() {
    int fds[2];
    EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    read_end.reset(fds[0]);
    write_end.reset(fds[1]);
  }
  std::string drain() {
    ::fcntl(read_end.get(), F_SETFL, O_NONBLOCK);
    std::string out;
    char buf[65536];
    ssize_t n;
    while ((n = ::read(read_end.get(), buf, sizeof(buf))) > 0) {
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }
  net::UniqueFd read_end;
  net::UniqueFd write_end;
};

TEST(LineLog, WritesLinesInOrder) {
  Pipe p;
  {
    LineLog log(p.write_end.get(), {});
    log.write("one");
    log.write_limited("two");
    log.flush();
    EXPECT_EQ(p.drain(), "one\ntwo\n");
  }
}

// A reader that never reads: the writers must not block, and the log must end.
TEST(LineLog, AStuckReaderNeverBlocksTheWriters) {
  Pipe p;
  auto start = std::chrono::steady_clock::now();
  {
    LineLog log(p.write_end.get(), {});  // queues 1 MiB, the pipe takes 64 KiB
    std::string line(1000, 'x');
    for (int i = 0; i < 20000; ++i) log.write(line);  // 20 MB offered
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
  }
  // The destructor waited for the stuck writer no longer than its limit.
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, LineLog::kDrainLimit + std::chrono::milliseconds(800));
  // The writer, left blocked, ends on EPIPE once nobody can read; its descriptor number
  // is left open (leaked on purpose) so that no later test's pipe can get it meanwhile.
  p.read_end.reset();
  p.write_end.release();
}

TEST(LineLog, RateLimitDropsAndCountsThenSaysSo) {
  Pipe p;
  ManualClock clock;
  LineLogOptions options;
  options.bytes_per_second = 100;
  options.burst_bytes = 100;
  LineLog log(p.write_end.get(), options, clock);
  for (int i = 0; i < 20; ++i) log.write_limited("123456789");  // 10 bytes each with '\n'
  log.write("unlimited lines always pass, after saying what was left out");
  log.flush();
  std::string first = p.drain();
  std::string expected;
  for (int i = 0; i < 10; ++i) expected += "123456789\n";  // the burst, then drops
  EXPECT_EQ(first, expected +
                       "[*] (10 lines not shown: over the log limit of 100 bytes a second)\n"
                       "unlimited lines always pass, after saying what was left out\n");
  for (int i = 0; i < 5; ++i) log.write_limited("123456789");  // the bucket is empty
  clock.advance(std::chrono::seconds(1));
  log.write_limited("after a second");
  log.flush();
  EXPECT_EQ(p.drain(),
            "[*] (5 lines not shown: over the log limit of 100 bytes a second)\nafter a second\n");
}

}  // namespace
}  // namespace sockscope::serve
