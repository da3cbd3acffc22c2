// The banner's text (strip, 1,000 characters, escapes), the escape decoders, the one read
// loop against a real socket pair, and the RTT-scaled waits.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "discover/banner_grabber.h"
#include "discover/banner_text.h"
#include "discover/escapes.h"
#include "discover/read_reply.h"
#include "net/stream.h"

namespace sockscope::discover {
namespace {

using namespace std::chrono_literals;

TEST(BannerText, StripsCutsAndEscapes) {
  EXPECT_EQ(banner_snippet("  \r\nSSH-2.0-OpenSSH_9.2\r\n"), "SSH-2.0-OpenSSH_9.2");
  EXPECT_EQ(banner_snippet("HTTP/1.1 200 OK\r\nServer: nginx"),
            "HTTP/1.1 200 OK\\r\\nServer: nginx");
  EXPECT_EQ(banner_snippet("a\x1b[2Jb"), "a\\x1b[2Jb");
  EXPECT_EQ(banner_snippet(std::string(1500, 'x')).size(), 1000u);
  // Characters, not bytes: 1,000 two-byte characters stay whole.
  std::string e_acute;
  for (int i = 0; i < 1200; ++i) e_acute += "\xc3\xa9";
  EXPECT_EQ(banner_cut(e_acute).size(), 2000u);
  EXPECT_EQ(banner_cut("abc", 2), "ab");
}

TEST(BannerText, Lines) {
  auto lines = banner_lines("HTTP/1.1 200 OK\r\nServer: x\r\n\r\nbody\x07\n");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "HTTP/1.1 200 OK");
  EXPECT_EQ(lines[1], "Server: x");
  EXPECT_EQ(lines[2], "");
  EXPECT_EQ(lines[3], "body\\x07");
  EXPECT_TRUE(banner_lines("   ").empty());
}

TEST(Escapes, DecodeAndHex) {
  std::string out;
  std::string bad;
  ASSERT_TRUE(decode_escapes("GET\\r\\n\\x00\\\\\\t", out, bad));
  EXPECT_EQ(out, std::string("GET\r\n\0\\\t", 8));
  EXPECT_FALSE(decode_escapes("a\\", out, bad));
  EXPECT_EQ(bad, "\\");
  EXPECT_FALSE(decode_escapes("\\xZZ", out, bad));
  EXPECT_EQ(bad, "\\xZZ");
  ASSERT_TRUE(decode_hex("00ffA0", out));
  EXPECT_EQ(out, std::string("\x00\xff\xa0", 3));
  EXPECT_FALSE(decode_hex("0", out));
  EXPECT_FALSE(decode_hex("zz", out));
  EXPECT_EQ(encode_hex(std::string("\x00\xff\x10", 3)), "00ff10");
}

TEST(ReplyWaits, ScaleWithTheRoundTrip) {
  ReplyWaits local = reply_waits(100us, std::nullopt);
  EXPECT_LT(local.passive.first_wait, 400ms);
  EXPECT_LT(local.active.first_wait, 600ms);
  ReplyWaits far = reply_waits(200ms, std::nullopt);
  EXPECT_GT(far.active.first_wait, local.active.first_wait);
  EXPECT_LE(reply_waits(10s, std::nullopt).active.first_wait, 5s);  // never without end
  ReplyWaits forced = reply_waits(100us, 2s);
  EXPECT_EQ(forced.active.first_wait, 2s);
  EXPECT_EQ(forced.passive.first_wait, 2s);
}

class SocketPair : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds_), 0); }
  void TearDown() override {
    if (fds_[0] >= 0) close(fds_[0]);
    if (fds_[1] >= 0) close(fds_[1]);
  }
  void peer_write(std::string_view s) {
    ASSERT_EQ(write(fds_[1], s.data(), s.size()), static_cast<ssize_t>(s.size()));
  }
  ReadRule rule(Duration first = 300ms) { return {first, 100ms, 1s, 64}; }
  int fds_[2] = {-1, -1};
};

TEST_F(SocketPair, ClosedAfterData) {
  peer_write("220 hello\r\n");
  close(fds_[1]);
  fds_[1] = -1;
  net::PlainStream s(fds_[0]);
  Reply r = read_reply(s, rule());
  EXPECT_EQ(r.end, ReadEnd::kClosed);
  EXPECT_EQ(r.bytes, "220 hello\r\n");
}

TEST_F(SocketPair, QuietGapEndsTheReply) {
  peer_write("SSH-2.0-x\r\n");
  net::PlainStream s(fds_[0]);
  auto start = std::chrono::steady_clock::now();
  Reply r = read_reply(s, rule(5s));
  EXPECT_EQ(r.end, ReadEnd::kQuiet);
  EXPECT_EQ(r.bytes, "SSH-2.0-x\r\n");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);  // the gap, not the 5 s first wait
}

TEST_F(SocketPair, SilentPeer) {
  net::PlainStream s(fds_[0]);
  auto start = std::chrono::steady_clock::now();
  Reply r = read_reply(s, rule(200ms));
  EXPECT_EQ(r.end, ReadEnd::kSilent);
  EXPECT_TRUE(r.bytes.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST_F(SocketPair, FullAtMaxBytes) {
  peer_write(std::string(100, 'x'));
  net::PlainStream s(fds_[0]);
  Reply r = read_reply(s, rule());
  EXPECT_EQ(r.end, ReadEnd::kFull);
  EXPECT_EQ(r.bytes.size(), 64u);
}

TEST_F(SocketPair, TrickleIsCut) {
  // A byte every 20 ms never leaves a 400 ms gap (wide, so a loaded machine's late wakeups
  // do not end the reply early); the trickle limit ends it 300 + 600 ms after the start.
  std::thread writer([fd = fds_[1]] {
    for (int i = 0; i < 75; ++i) {
      if (write(fd, "x", 1) != 1) return;
      std::this_thread::sleep_for(20ms);
    }
  });
  net::PlainStream s(fds_[0]);
  auto start = std::chrono::steady_clock::now();
  Reply r = read_reply(s, {300ms, 400ms, 600ms, 4096});
  auto took = std::chrono::steady_clock::now() - start;
  writer.join();
  EXPECT_EQ(r.end, ReadEnd::kTrickle);
  EXPECT_LT(took, 1400ms);
  EXPECT_GT(r.bytes.size(), 5u);
}

}  // namespace
}  // namespace sockscope::discover
