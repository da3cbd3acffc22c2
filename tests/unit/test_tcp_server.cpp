// net::TcpServer and net::Connection driven on this thread, over Unix stream sockets (the
// server accepts any stream listener): no network, not even loopback, is touched.
#include "net/tcp_server.h"

#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "net/line_framer.h"
#include "unix_server_fixture.h"

namespace sockscope::net {
namespace {

using std::chrono::milliseconds;
using unit::put;
using unit::Reader;
using unit::run_until;
using unit::UnixListener;

// Upper-cases each read back; answers once and finishes when `once`. Records callbacks.
class UpperHandler final : public TcpHandler {
 public:
  bool once = false;
  int opened = 0;
  std::vector<CloseCause> closes;
  int overflows = 0;
  std::vector<std::string> refused;
  bool send_after_close = true;  // what send() said on a connection being closed

  void on_open(Connection&) override { ++opened; }
  void on_data(Connection& c, std::span<char> bytes) override {
    std::string_view text(bytes.data(), bytes.size());
    if (text == "quit") {
      c.close();
      send_after_close = c.send("too late");
      return;
    }
    for (char& ch : bytes) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    c.send(text);
    if (once) c.finish();
  }
  void on_close(Connection& c, CloseCause cause, std::string_view) override {
    EXPECT_TRUE(c.closed());
    closes.push_back(cause);
  }
  void on_overflow(Connection&) override { ++overflows; }
  void on_refused(const Endpoint&, std::string_view reason) override {
    refused.emplace_back(reason);
  }
};

TEST(TcpServer, AnswersAndReportsThePeersClose) {
  UnixListener at;
  EventLoop loop;
  UpperHandler handler;
  TcpServer server(loop, at.listen(), {}, handler);
  UniqueFd client = at.connect();
  put(client.get(), "hello");
  Reader r;
  ASSERT_TRUE(run_until(loop, [&] {
    r.poll(client.get());
    return r.bytes == "HELLO";
  }));
  EXPECT_EQ(handler.opened, 1);
  EXPECT_EQ(server.clients(), 1u);
  client.reset();
  ASSERT_TRUE(run_until(loop, [&] { return server.clients() == 0; }));
  EXPECT_EQ(handler.closes, std::vector<CloseCause>{CloseCause::kPeer});
}

TEST(TcpServer, AHandlersCloseTakesEffectAtOnceAndIsReportedAfterTheRound) {
  UnixListener at;
  EventLoop loop;
  UpperHandler handler;
  TcpServer server(loop, at.listen(), {}, handler);
  UniqueFd client = at.connect();
  put(client.get(), "quit");
  Reader r;
  ASSERT_TRUE(run_until(loop, [&] {
    r.poll(client.get());
    return r.eof;
  }));
  EXPECT_FALSE(handler.send_after_close);
  EXPECT_EQ(r.bytes, "");
  ASSERT_TRUE(run_until(loop, [&] { return server.clients() == 0; }));
  EXPECT_EQ(handler.closes, std::vector<CloseCause>{CloseCause::kHandler});
}

TEST(TcpServer, FinishHalfClosesAfterTheAnswerAndDrainsThePeer) {
  UnixListener at;
  EventLoop loop;
  UpperHandler handler;
  handler.once = true;
  TcpServer server(loop, at.listen(), {}, handler);
  UniqueFd client = at.connect();
  put(client.get(), "one");
  Reader r;
  ASSERT_TRUE(run_until(loop, [&] {
    r.poll(client.get());
    return r.eof;
  }));
  EXPECT_EQ(r.bytes, "ONE");
  put(client.get(), "more, unanswered");  // read and dropped, no reset
  loop.run_once(milliseconds(20));
  EXPECT_EQ(server.clients(), 1u);
  client.reset();
  ASSERT_TRUE(run_until(loop, [&] { return server.clients() == 0; }));
  EXPECT_EQ(handler.closes, std::vector<CloseCause>{CloseCause::kPeer});
}

TEST(TcpServer, RefusesPastMaxClientsBeforeAllocating) {
  UnixListener at;
  EventLoop loop;
  UpperHandler handler;
  TcpServerOptions options;
  options.max_clients = 1;
  TcpServer server(loop, at.listen(), options, handler);
  UniqueFd first = at.connect();
  ASSERT_TRUE(run_until(loop, [&] { return server.clients() == 1; }));
  UniqueFd second = at.connect();
  ASSERT_TRUE(run_until(loop, [&] { return !handler.refused.empty(); }));
  EXPECT_EQ(handler.refused.front(), "too many clients");
  EXPECT_EQ(handler.opened, 1);
  Reader r;
  ASSERT_TRUE(run_until(loop, [&] {
    r.poll(second.get());
    return r.eof;
  }));
}

TEST(TcpServer, IdleSweepClosesTheSilentOnly) {
  UnixListener at;
  EventLoop loop;
  UpperHandler handler;
  TcpServerOptions options;
  options.idle_timeout = milliseconds(100);
  TcpServer server(loop, at.listen(), options, handler);
  UniqueFd silent = at.connect();
  UniqueFd talker = at.connect();
  ASSERT_TRUE(run_until(loop, [&] { return server.clients() == 2; }));
  auto start = std::chrono::steady_clock::now();
  Reader r;
  // The talker speaks every 30 ms; the silent one goes after 100-125 ms (+ slack).
  auto next = start;
  ASSERT_TRUE(run_until(loop, [&] {
    if (std::chrono::steady_clock::now() >= next) {
      put(talker.get(), "x");
      next += milliseconds(30);
    }
    r.poll(talker.get());
    return !handler.closes.empty();
  }));
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, milliseconds(100));
  EXPECT_LT(took, milliseconds(400));
  EXPECT_EQ(handler.closes, std::vector<CloseCause>{CloseCause::kIdle});
  EXPECT_EQ(server.clients(), 1u);
}

// The overflow policy, part 1: a client that sends without reading stops being read at
// pause_reading_at, and is closed (on_overflow first) once the queue stays full.
TEST(TcpServer, AClientThatDoesNotReadIsPausedThenClosed) {
  UnixListener at;
  EventLoop loop;
  UpperHandler handler;
  TcpServerOptions options;
  options.limits.pause_reading_at = 64 * 1024;
  options.limits.max_output = 1024 * 1024;
  options.limits.max_full_time = milliseconds(200);
  TcpServer server(loop, at.listen(), options, handler);
  UniqueFd client = at.connect(4096);
  std::string block(16 * 1024, 'x');
  std::size_t offered = 0;
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(run_until(loop, [&] {
    ssize_t n = ::send(client.get(), block.data(), block.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) offered += static_cast<std::size_t>(n);
    return !handler.closes.empty();
  }));
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(200));
  EXPECT_EQ(handler.overflows, 1);
  EXPECT_EQ(handler.closes, std::vector<CloseCause>{CloseCause::kOverflow});
  // Back-pressure: the server took far less than a free-running sender would push.
  EXPECT_LT(offered, 4u * 1024 * 1024);
}

// Part 2: a send() that would take the queue past max_output overflows at once.
class BigAnswerHandler final : public TcpHandler {
 public:
  int overflows = 0;
  bool send_result = true;
  std::vector<CloseCause> closes;
  void on_data(Connection& c, std::span<char>) override {
    send_result = c.send(std::string(512 * 1024, 'y'));
  }
  void on_close(Connection&, CloseCause cause, std::string_view) override {
    closes.push_back(cause);
  }
  void on_overflow(Connection&) override { ++overflows; }
};

TEST(TcpServer, ASendPastMaxOutputOverflowsThenCloses) {
  UnixListener at;
  EventLoop loop;
  BigAnswerHandler handler;
  TcpServerOptions options;
  options.limits.max_output = 256 * 1024;
  TcpServer server(loop, at.listen(), options, handler);
  UniqueFd client = at.connect(4096);
  put(client.get(), "go");
  ASSERT_TRUE(run_until(loop, [&] { return !handler.closes.empty(); }));
  EXPECT_FALSE(handler.send_result);
  EXPECT_EQ(handler.overflows, 1);
  EXPECT_EQ(handler.closes, std::vector<CloseCause>{CloseCause::kOverflow});
}

// A second service on the same server: a line chat that broadcasts every line to every
// client (the coming chat server's core), with a maximum line length.
class BroadcastHandler final : public TcpHandler {
 public:
  static constexpr std::size_t kMaxLine = 32;
  void on_open(Connection& c) override {
    c.context() = LineFramer(kMaxLine);
    members_.insert(&c);
  }
  void on_data(Connection& c, std::span<char> bytes) override {
    auto* framer = std::any_cast<LineFramer>(&c.context());
    auto status =
        framer->feed(std::string_view(bytes.data(), bytes.size()), [&](std::string_view line) {
          std::string out = std::string(line) + "\n";
          for (const auto& m : members_) m->send(out);
        });
    if (status == LineFramer::Status::kTooLong) {
      c.send("line too long\n");
      c.finish();
    }
  }
  void on_close(Connection& c, CloseCause, std::string_view) override { members_.erase(&c); }
  std::size_t members() const { return members_.size(); }

 private:
  std::set<Connection*> members_;
};

TEST(TcpServer, ABroadcastServiceCanUseIt) {
  UnixListener at;
  EventLoop loop;
  BroadcastHandler handler;
  TcpServer server(loop, at.listen(), {}, handler);
  std::vector<UniqueFd> clients;
  for (int i = 0; i < 3; ++i) clients.push_back(at.connect());
  ASSERT_TRUE(run_until(loop, [&] { return handler.members() == 3; }));
  put(clients[0].get(), "hel");
  loop.run_once(milliseconds(10));
  put(clients[0].get(), "lo all\nsecond line\n");
  std::vector<Reader> got(3);
  const std::string expected = "hello all\nsecond line\n";
  ASSERT_TRUE(run_until(loop, [&] {
    bool all = true;
    for (int i = 0; i < 3; ++i) {
      got[i].poll(clients[i].get());
      all = all && got[i].bytes == expected;
    }
    return all;
  }));
  // One leaves; the rest still hear each other.
  clients[1].reset();
  ASSERT_TRUE(run_until(loop, [&] { return handler.members() == 2; }));
  put(clients[2].get(), "bye\n");
  ASSERT_TRUE(run_until(loop, [&] {
    got[0].poll(clients[0].get());
    got[2].poll(clients[2].get());
    return got[0].bytes == expected + "bye\n" && got[2].bytes == expected + "bye\n";
  }));
  // An over-long line: told so and closed; the others are not disturbed.
  put(clients[2].get(), std::string(BroadcastHandler::kMaxLine + 1, 'z'));
  got[2] = Reader{};
  ASSERT_TRUE(run_until(loop, [&] {
    got[2].poll(clients[2].get());
    return got[2].eof;
  }));
  EXPECT_EQ(got[2].bytes, "line too long\n");
  EXPECT_EQ(got[0].bytes, expected + "bye\n");
}

}  // namespace
}  // namespace sockscope::net
