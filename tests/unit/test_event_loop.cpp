#include "net/event_loop.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <string>
#include <thread>
#include <vector>

namespace sockscope::net {
namespace {

TEST(EventLoop, TimersRunInOrderAndCancel) {
  EventLoop loop;
  std::vector<int> order;
  loop.run_after(std::chrono::milliseconds(20), [&] { order.push_back(2); });
  auto id = loop.run_after(std::chrono::milliseconds(10), [&] { order.push_back(99); });
  loop.run_after(std::chrono::milliseconds(5), [&] { order.push_back(1); });
  loop.run_after(std::chrono::milliseconds(30), [&] { loop.stop(); });
  loop.cancel(id);
  loop.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(EventLoop, HandlerMayUnwatchItselfAndOthers) {
  EventLoop loop;
  int pair_a[2];
  int pair_b[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, pair_a), 0);
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, pair_b), 0);
  UniqueFd a0(pair_a[0]), a1(pair_a[1]), b0(pair_b[0]), b1(pair_b[1]);
  ASSERT_EQ(::write(a1.get(), "x", 1), 1);
  ASSERT_EQ(::write(b1.get(), "y", 1), 1);
  int calls = 0;
  // Whichever runs first unwatches both; the other must not run in the same round.
  auto handler = [&](std::uint32_t) {
    ++calls;
    loop.unwatch(a0.get());
    loop.unwatch(b0.get());
    loop.defer([&] { loop.stop(); });
  };
  loop.watch(a0.get(), EPOLLIN, handler);
  loop.watch(b0.get(), EPOLLIN, handler);
  loop.run();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(loop.watched(), 0u);
}

TEST(EventLoop, HandlerMayReplaceOrUnwatchItselfAndKeepItsState) {
  EventLoop loop;
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, pair), 0);
  UniqueFd a(pair[0]), b(pair[1]);
  ASSERT_EQ(::write(b.get(), "x", 1), 1);
  std::vector<std::string> seen;
  // Captures by value live in the handler object itself: they must outlive the call
  // that replaces (first) or unwatches (second) that very handler.
  std::string first = "first handler state, long enough to live on the heap";
  loop.watch(a.get(), EPOLLIN, [&, first](std::uint32_t) {
    std::string second = "second handler state, also long enough for the heap";
    loop.watch(a.get(), EPOLLIN, [&, second](std::uint32_t) {
      loop.unwatch(a.get());
      seen.push_back(second);
      loop.defer([&] { loop.stop(); });
    });
    seen.push_back(first);
  });
  loop.run();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], "first handler state, long enough to live on the heap");
  EXPECT_EQ(seen[1], "second handler state, also long enough for the heap");
  EXPECT_EQ(loop.watched(), 0u);
}

TEST(EventLoop, StopFromAnotherThreadWakesTheLoop) {
  EventLoop loop;
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    loop.stop();
  });
  loop.run();  // no timers, no descriptors: only the wakeup can end this
  t.join();
  SUCCEED();
}

}  // namespace
}  // namespace sockscope::net

namespace sockscope::net {
namespace {

TEST(EventLoop, PostFromOtherThreadsRunsOnTheLoopInOrder) {
  EventLoop loop;
  std::vector<int> seen;
  std::thread::id loop_thread = std::this_thread::get_id();
  bool all_on_loop = true;
  std::thread poster([&] {
    for (int i = 0; i < 100; ++i) {
      loop.post([&, i] {
        all_on_loop = all_on_loop && std::this_thread::get_id() == loop_thread;
        seen.push_back(i);
        if (i == 99) loop.stop();
      });
    }
  });
  // A safety stop: a lost wakeup fails the test instead of hanging it.
  loop.run_after(std::chrono::seconds(10), [&] { loop.stop(); });
  loop.run();
  poster.join();
  ASSERT_EQ(seen.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], i);
  EXPECT_TRUE(all_on_loop);
}

}  // namespace
}  // namespace sockscope::net
