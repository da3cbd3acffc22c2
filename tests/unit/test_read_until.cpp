// net::read_until, the one client read: real bytes over a socketpair through PlainStream
// (marker split across reads, byte limit, peer close, reset), and a scripted Stream on a
// ManualClock for the time rules (quiet gap, deadline) without sleeping.
#include "net/read_until.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <cerrno>
#include <deque>
#include <string>

#include "net/fd.h"

namespace sockscope::net {
namespace {

using std::chrono::milliseconds;

struct Pair {
  UniqueFd peer, ours;
  Pair() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
    peer.reset(fds[0]);
    ours.reset(fds[1]);
  }
  void send(std::string_view bytes) {
    ASSERT_EQ(::send(peer.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
  }
};

TimePoint soon() {
  return SteadyClock::instance().now() + std::chrono::seconds(2);
}

// Each read() returns the next scripted chunk; an empty chunk is a pause of `pause`
// during which nothing arrives (the read waits until its deadline if that comes first).
class ScriptedStream final : public Stream {
 public:
  explicit ScriptedStream(ManualClock& clock) : clock_(clock) {}
  std::deque<std::pair<Duration, std::string>> script;  // (delay before, bytes)
  bool close_at_end = false;

  IoResult write_all(std::string_view data, TimePoint) override {
    return {Outcome::kOk, data.size(), {}};
  }
  IoResult read(std::span<char> buffer, TimePoint deadline) override {
    if (script.empty()) {
      if (close_at_end) return {Outcome::kClosed, 0, {}};
      if (clock_.now() < deadline) clock_.advance(deadline - clock_.now());
      return {Outcome::kTimeout, 0, {}};
    }
    auto& [delay, bytes] = script.front();
    if (clock_.now() + delay > deadline) {
      Duration waited = deadline - clock_.now();
      delay -= waited;
      clock_.advance(waited);
      return {Outcome::kTimeout, 0, {}};
    }
    clock_.advance(delay);
    delay = Duration::zero();
    std::size_t n = std::min(buffer.size(), bytes.size());
    std::copy_n(bytes.data(), n, buffer.data());
    bytes.erase(0, n);
    if (bytes.empty()) script.pop_front();
    return {Outcome::kOk, n, {}};
  }
  const Clock& clock() const override { return clock_; }

 private:
  ManualClock& clock_;
};

TEST(ReadUntil, AMarkerSplitAcrossReadsIsFound) {
  ManualClock clock;
  ScriptedStream s(clock);
  s.script = {{milliseconds(10), "hello #<<E"},
              {milliseconds(10), "ND"},
              {milliseconds(10), ">>#"},
              {milliseconds(10), "never read"}};
  ReadRule rule;
  rule.marker = "#<<END>>#";
  ReadResult r = read_until(s, rule, clock.now() + std::chrono::seconds(5));
  EXPECT_EQ(r.end, ReadEnd::kMarker);
  EXPECT_EQ(r.data, "hello #<<END>>#");
  EXPECT_EQ(s.script.size(), 1u);  // stopped at the marker
}

TEST(ReadUntil, AMarkerSplitAcrossRealReads) {
  Pair p;
  p.send("ban");
  PlainStream stream(p.ours.get());
  ReadRule rule;
  rule.marker = "\r\n";
  rule.max_bytes = 3;  // the first read stops at 3 bytes: "ban"
  ReadResult first = read_until(stream, rule, soon());
  EXPECT_EQ(first.end, ReadEnd::kMaxBytes);
  p.send("ner\r");
  p.send("\nrest");
  rule.max_bytes = 1000;
  std::string seen;
  ReadResult r = read_until(stream, rule, soon(), [&](std::string_view b) {
    seen.append(b);
    return true;
  });
  EXPECT_EQ(r.end, ReadEnd::kMarker);
  EXPECT_EQ(seen.substr(0, 5), "ner\r\n");
  EXPECT_TRUE(r.data.empty());  // a sink gets the bytes; nothing is kept
  EXPECT_EQ(r.bytes, seen.size());
}

TEST(ReadUntil, TheQuietGapCountsFromTheLastByteNotTheFirst) {
  ManualClock clock;
  ScriptedStream s(clock);
  s.script = {{milliseconds(2000), "SSH-2.0-"},
              {milliseconds(400), "OpenSSH"},
              {milliseconds(600), "too late"}};
  ReadRule rule;
  rule.quiet_gap = milliseconds(500);
  TimePoint start = clock.now();
  ReadResult r = read_until(s, rule, start + std::chrono::seconds(10));
  EXPECT_EQ(r.end, ReadEnd::kQuietGap);
  EXPECT_EQ(r.data, "SSH-2.0-OpenSSH");  // no gap before the first byte, only the deadline
  EXPECT_EQ(clock.now() - start, milliseconds(2000 + 400 + 500));
}

TEST(ReadUntil, TheDeadlineEndsASilentPeer) {
  ManualClock clock;
  ScriptedStream s(clock);
  ReadRule rule;
  rule.quiet_gap = milliseconds(500);
  TimePoint deadline = clock.now() + std::chrono::seconds(3);
  ReadResult r = read_until(s, rule, deadline);
  EXPECT_EQ(r.end, ReadEnd::kFailed);
  EXPECT_EQ(r.failure, Outcome::kTimeout);
  EXPECT_EQ(r.bytes, 0u);
  EXPECT_EQ(clock.now(), deadline);
}

TEST(ReadUntil, TheDeadlineWinsOverALongerGap) {
  ManualClock clock;
  ScriptedStream s(clock);
  s.script = {{milliseconds(900), "x"}, {milliseconds(300), "y"}};
  ReadRule rule;
  rule.quiet_gap = milliseconds(500);
  ReadResult r = read_until(s, rule, clock.now() + std::chrono::seconds(1));
  EXPECT_EQ(r.end, ReadEnd::kFailed);  // the gap would end at 1.4 s, the deadline at 1 s
  EXPECT_EQ(r.failure, Outcome::kTimeout);
  EXPECT_EQ(r.data, "x");
}

TEST(ReadUntil, MaxBytesIsExact) {
  Pair p;
  p.send(std::string(100, 'a'));
  PlainStream stream(p.ours.get());
  ReadRule rule;
  rule.max_bytes = 64;
  ReadResult r = read_until(stream, rule, soon());
  EXPECT_EQ(r.end, ReadEnd::kMaxBytes);
  EXPECT_EQ(r.data.size(), 64u);
  char rest[100];
  EXPECT_EQ(::recv(p.ours.get(), rest, sizeof(rest), 0), 36);  // the rest stays unread
}

TEST(ReadUntil, PeerCloseEndsTheReadWithWhatArrived) {
  Pair p;
  p.send("220 ready");
  p.peer.reset();
  PlainStream stream(p.ours.get());
  ReadRule rule;
  rule.marker = "\n";
  ReadResult r = read_until(stream, rule, soon());
  EXPECT_EQ(r.end, ReadEnd::kClosed);
  EXPECT_EQ(r.data, "220 ready");
}

TEST(ReadUntil, TheSinkCanSayEnough) {
  Pair p;
  p.send("HTTP/1.1 200 OK\r\n\r\n");
  PlainStream stream(p.ours.get());
  ReadResult r = read_until(stream, ReadRule{}, soon(), [](std::string_view) { return false; });
  EXPECT_EQ(r.end, ReadEnd::kEnough);
}

// A stream whose peer reset the connection: the failure keeps its name.
class ResettingStream final : public Stream {
 public:
  IoResult write_all(std::string_view, TimePoint) override { return io_failure(EPIPE); }
  IoResult read(std::span<char>, TimePoint) override { return io_failure(ECONNRESET); }
  const Clock& clock() const override { return clock_; }

 private:
  ManualClock clock_;
};

TEST(ReadUntil, AResetIsAFailureNamedReset) {
  ResettingStream s;
  ReadResult r = read_until(s, ReadRule{}, s.clock().now() + std::chrono::seconds(1));
  EXPECT_EQ(r.end, ReadEnd::kFailed);
  EXPECT_EQ(r.failure, Outcome::kReset);
  EXPECT_FALSE(r.detail.empty());
}

}  // namespace
}  // namespace sockscope::net
