// The connect classification, driven through a fake SysCalls: no network needed.
#include "net/connector.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <vector>

namespace sockscope::net {
namespace {

class FakeSysCalls final : public SysCalls {
 public:
  int connect_errno = EINPROGRESS;  // what connect() fails with (0 = immediate success)
  int so_error = 0;                 // SO_ERROR after the wait
  bool poll_times_out = false;
  int bind_errno = 0;  // what bind() fails with (0 = success)
  int binds = 0;
  ManualClock* clock = nullptr;

  SysResult socket(int, int, int) override { return {100, 0}; }
  SysResult bind(int, const sockaddr*, socklen_t) override {
    ++binds;
    return bind_errno == 0 ? SysResult{0, 0} : SysResult{-1, bind_errno};
  }
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
  EXPECT_EQ(run(open, clock).outcome, Outcome::kOk);

  FakeSysCalls refused;
  refused.so_error = ECONNREFUSED;
  EXPECT_EQ(run(refused, clock).outcome, Outcome::kRefused);

  FakeSysCalls immediate_refused;
  immediate_refused.connect_errno = ECONNREFUSED;
  EXPECT_EQ(run(immediate_refused, clock).outcome, Outcome::kRefused);

  FakeSysCalls silent;
  silent.poll_times_out = true;
  TimePoint before = clock.now();
  ConnectResult r = run(silent, clock);
  EXPECT_EQ(r.outcome, Outcome::kTimeout);
  EXPECT_GE(clock.now() - before, std::chrono::seconds(3));

  FakeSysCalls unreachable;
  unreachable.so_error = EHOSTUNREACH;
  EXPECT_EQ(run(unreachable, clock).outcome, Outcome::kUnreachable);
}

TEST(Connector, FromBindsFirstAndABindFailureIsTheCallers) {
  ManualClock clock;
  FakeSysCalls sys;
  sys.clock = &clock;
  Endpoint from = *parse_ip_literal("192.0.2.7", 0);
  ConnectResult r = connect_from(target(), from, std::chrono::seconds(3), clock, sys);
  r.fd.release();
  EXPECT_EQ(r.outcome, Outcome::kOk);
  EXPECT_EQ(sys.binds, 1);
  EXPECT_FALSE(r.bind_failed);

  FakeSysCalls taken;
  taken.clock = &clock;
  taken.bind_errno = EADDRNOTAVAIL;
  r = connect_from(target(), from, std::chrono::seconds(3), clock, taken);
  r.fd.release();
  EXPECT_TRUE(r.bind_failed);
  EXPECT_EQ(r.error, EADDRNOTAVAIL);
  EXPECT_NE(r.outcome, Outcome::kOk);

  FakeSysCalls unbound;
  unbound.clock = &clock;
  r = run(unbound, clock);
  EXPECT_EQ(unbound.binds, 0);  // connect_with_deadline binds nothing
}

TEST(Outcome, OneErrnoClassifier) {
  EXPECT_EQ(classify_errno(0), Outcome::kOk);
  EXPECT_EQ(classify_errno(ECONNREFUSED), Outcome::kRefused);
  EXPECT_EQ(classify_errno(ECONNRESET), Outcome::kReset);
  EXPECT_EQ(classify_errno(EPIPE), Outcome::kReset);
  EXPECT_EQ(classify_errno(ETIMEDOUT), Outcome::kTimeout);
  EXPECT_EQ(classify_errno(EHOSTUNREACH), Outcome::kUnreachable);
  EXPECT_EQ(classify_errno(ENETUNREACH), Outcome::kUnreachable);
  EXPECT_EQ(classify_errno(EINTR), Outcome::kInterrupted);
  EXPECT_EQ(classify_errno(EACCES), Outcome::kError);
  EXPECT_STREQ(outcome_word(Outcome::kRefused), "refused");
  EXPECT_STREQ(outcome_word(Outcome::kTimeout), "timeout");
  EXPECT_STREQ(outcome_word(Outcome::kUnreachable), "unreachable");
}

// A fake that answers each connect() in turn from a script, so connect_to_any can be
// driven through several addresses.
class ScriptedSysCalls final : public SysCalls {
 public:
  std::vector<int> so_errors;   // per attempt; -1 = the poll times out
  std::vector<int> budgets_ms;  // per attempt: its polls' timeouts, added up (wait_for polls
                                // in slices so a Ctrl-C on another thread is seen)
  ManualClock* clock = nullptr;
  std::size_t attempt = 0;

  SysResult socket(int, int, int) override { return {100, 0}; }
  SysResult bind(int, const sockaddr*, socklen_t) override { return {0, 0}; }
  SysResult connect(int, const sockaddr*, socklen_t) override {
    ++attempt;
    return {-1, EINPROGRESS};
  }
  SysResult poll(pollfd* fds, nfds_t, int timeout_ms) override {
    budgets_ms.resize(attempt);
    budgets_ms[attempt - 1] += timeout_ms;
    if (so_errors[attempt - 1] < 0) {
      clock->advance(std::chrono::milliseconds(timeout_ms));
      return {0, 0};
    }
    fds[0].revents = POLLOUT;
    return {1, 0};
  }
  SysResult getsockopt_error(int) override { return {so_errors[attempt - 1], 0}; }
  SysResult close(int) override { return {0, 0}; }
};

std::vector<Endpoint> two_addresses() {
  return {*parse_ip_literal("::1", 80), *parse_ip_literal("127.0.0.1", 80)};
}

TEST(ConnectToAny, ARefusingFirstAddressFallsThroughToTheSecond) {
  ManualClock clock;
  ScriptedSysCalls sys;
  sys.clock = &clock;
  sys.so_errors = {ECONNREFUSED, 0};
  HostConnectResult r = connect_to_any(two_addresses(), std::chrono::seconds(4), clock, sys);
  r.connection.fd.release();
  EXPECT_EQ(r.connection.outcome, Outcome::kOk);
  EXPECT_EQ(r.peer.address_string(), "127.0.0.1");
}

TEST(ConnectToAny, ASilentFirstAddressLeavesTimeForTheSecond) {
  ManualClock clock;
  ScriptedSysCalls sys;
  sys.clock = &clock;
  sys.so_errors = {-1, 0};
  HostConnectResult r = connect_to_any(two_addresses(), std::chrono::seconds(4), clock, sys);
  r.connection.fd.release();
  EXPECT_EQ(r.connection.outcome, Outcome::kOk);
  EXPECT_EQ(r.peer.address_string(), "127.0.0.1");
  ASSERT_EQ(sys.budgets_ms.size(), 2u);
  EXPECT_EQ(sys.budgets_ms[0], 2000);  // an even share of the 4 s

  ScriptedSysCalls both_silent;
  both_silent.clock = &clock;
  both_silent.so_errors = {-1, -1};
  r = connect_to_any(two_addresses(), std::chrono::seconds(4), clock, both_silent);
  EXPECT_EQ(r.connection.outcome, Outcome::kTimeout);
  ASSERT_EQ(both_silent.budgets_ms.size(), 2u);
  EXPECT_EQ(both_silent.budgets_ms[0], 2000);
  EXPECT_EQ(both_silent.budgets_ms[1], 2000);  // the rest
}

TEST(ConnectToAny, AllFailingReportsTheLastFailure) {
  ManualClock clock;
  ScriptedSysCalls sys;
  sys.clock = &clock;
  sys.so_errors = {ECONNREFUSED, EHOSTUNREACH};
  HostConnectResult r = connect_to_any(two_addresses(), std::chrono::seconds(4), clock, sys);
  EXPECT_EQ(r.connection.outcome, Outcome::kUnreachable);
  EXPECT_EQ(r.peer.address_string(), "127.0.0.1");
  EXPECT_EQ(sys.attempt, 2u);
}

}  // namespace
}  // namespace sockscope::net
