// The connect classification, driven through a fake SysCalls: no network needed.
#include "net/connector.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace sockscope::net {
namespace {

class FakeSysCalls final : public SysCalls {
 public:
  int connect_errno = EINPROGRESS;  // what connect() fails with (0 = immediate success)
  int so_error = 0;                 // SO_ERROR after the wait
  bool poll_times_out = false;
  ManualClock* clock = nullptr;

  SysResult socket(int, int, int) override { return {100, 0}; }
  SysResult connect(int, const sockaddr*, socklen_t) override {
    return connect_errno == 0 ? SysResult{0, 0} : SysResult{-1, connect_errno};
  }
  SysResult poll(pollfd* fds, nfds_t, int timeout_ms) override {
    if (poll_times_out) {
      clock->advance(std::chrono::milliseconds(timeout_ms));
      return {0, 0};
    }
    fds[0].revents = POLLOUT;
    return {1, 0};
  }
  SysResult getsockopt_error(int) override { return {so_error, 0}; }
  SysResult close(int) override { return {0, 0}; }
};

Endpoint target() {
  return *parse_ip_literal("192.0.2.1", 80);
}

ConnectResult run(FakeSysCalls& sys, ManualClock& clock) {
  sys.clock = &clock;
  ConnectResult r = connect_with_deadline(target(), std::chrono::seconds(3), clock, sys);
  r.fd.release();  // the fake descriptor 100 is not ours to close
  return r;
}

TEST(Connector, OpenRefusedTimeoutUnreachable) {
  ManualClock clock;
  FakeSysCalls open;
  EXPECT_EQ(run(open, clock).status, ConnectStatus::kConnected);

  FakeSysCalls refused;
  refused.so_error = ECONNREFUSED;
  EXPECT_EQ(run(refused, clock).status, ConnectStatus::kRefused);

  FakeSysCalls immediate_refused;
  immediate_refused.connect_errno = ECONNREFUSED;
  EXPECT_EQ(run(immediate_refused, clock).status, ConnectStatus::kRefused);

  FakeSysCalls silent;
  silent.poll_times_out = true;
  TimePoint before = clock.now();
  ConnectResult r = run(silent, clock);
  EXPECT_EQ(r.status, ConnectStatus::kTimeout);
  EXPECT_GE(clock.now() - before, std::chrono::seconds(3));

  FakeSysCalls unreachable;
  unreachable.so_error = EHOSTUNREACH;
  EXPECT_EQ(run(unreachable, clock).status, ConnectStatus::kUnreachable);
}

TEST(Connector, Words) {
  EXPECT_STREQ(connect_status_word(ConnectStatus::kRefused), "refused");
  EXPECT_STREQ(connect_status_word(ConnectStatus::kTimeout), "timeout");
  EXPECT_STREQ(connect_status_word(ConnectStatus::kUnreachable), "unreachable");
}

}  // namespace
}  // namespace sockscope::net
