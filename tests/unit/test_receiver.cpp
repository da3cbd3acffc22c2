// receive_message() over a socketpair (no network): the completion rule in the real read
// loop, the receipt, and misbehaving senders. Short gaps keep it fast.
#include "message/receiver.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <string>
#include <thread>

#include "net/fd.h"

namespace sockscope::message {
namespace {

using std::chrono::milliseconds;

struct Pair {
  net::UniqueFd sender, receiver;
  Pair() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
    sender.reset(fds[0]);
    receiver.reset(fds[1]);
  }
  std::string read_reply() {
    char buf[64] = {};
    ssize_t n = ::recv(sender.get(), buf, sizeof(buf), 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  }
};

ReceiveOptions fast() {
  ReceiveOptions o;
  o.rule.quiet_gap = milliseconds(50);
  o.rule.message_timeout = milliseconds(300);
  o.receipt_timeout = milliseconds(200);
  return o;
}

TEST(Receiver, HalfCloseEndsTheMessageAndTheReceiptGoesBack) {
  Pair p;
  ASSERT_EQ(::send(p.sender.get(), "green eggs", 10, 0), 10);
  ::shutdown(p.sender.get(), SHUT_WR);
  Received r = receive_message(p.receiver.get(), net::Endpoint{}, fast());
  EXPECT_EQ(r.outcome, net::Outcome::kOk);
  EXPECT_EQ(r.how, Completion::kEndOfStream);
  EXPECT_EQ(r.text, "green eggs");
  EXPECT_EQ(p.read_reply(), "#<<END>>#");
}

TEST(Receiver, ASenderThatWaitsWithoutClosingGetsItsReceiptAfterTheGap) {
  Pair p;
  ASSERT_EQ(::send(p.sender.get(), "and ham", 7, 0), 7);
  Received r = receive_message(p.receiver.get(), net::Endpoint{}, fast());
  EXPECT_EQ(r.outcome, net::Outcome::kOk);
  EXPECT_EQ(r.how, Completion::kQuietGap);
  EXPECT_EQ(r.text, "and ham");
  EXPECT_EQ(p.read_reply(), "#<<END>>#");
}

TEST(Receiver, AFloodStopsAtTheLimit) {
  Pair p;
  std::string flood(10000, 'f');
  ASSERT_EQ(::send(p.sender.get(), flood.data(), flood.size(), 0), 10000);
  Received r = receive_message(p.receiver.get(), net::Endpoint{}, fast());
  EXPECT_EQ(r.outcome, net::Outcome::kOk);
  EXPECT_EQ(r.how, Completion::kLimit);
  EXPECT_EQ(r.text.size(), 4096u);
  EXPECT_GT(r.dropped_bytes, 0u);
}

TEST(Receiver, ASilentSenderEndsWithoutAReceipt) {
  Pair p;
  Received r = receive_message(p.receiver.get(), net::Endpoint{}, fast());
  EXPECT_EQ(r.outcome, net::Outcome::kTimeout);
  EXPECT_EQ(r.how, Completion::kSilent);
  EXPECT_EQ(p.read_reply(), "");
}

TEST(Receiver, ASenderThatClosesAtOnceSentNothing) {
  Pair p;
  p.sender.reset();
  Received r = receive_message(p.receiver.get(), net::Endpoint{}, fast());
  EXPECT_EQ(r.outcome, net::Outcome::kClosed);
}

TEST(Receiver, AGoneSendersMessageIsNotReceivedBecauseNoReceiptWentOut) {
  Pair p;
  ASSERT_EQ(::send(p.sender.get(), "bye", 3, 0), 3);
  p.sender.reset();  // the receipt cannot be delivered
  Received r = receive_message(p.receiver.get(), net::Endpoint{}, fast());
  EXPECT_EQ(r.outcome, net::Outcome::kReset);
  EXPECT_FALSE(r.received());
  EXPECT_EQ(r.text, "bye");
}

TEST(Receiver, ADribblingSenderIsCutOffAtTheWholeMessageDeadline) {
  Pair p;
  ReceiveOptions o = fast();  // 50 ms gap, 300 ms for the whole message
  std::thread dribbler([&] {
    for (int i = 0; i < 20; ++i) {  // a byte every 30 ms: never a 50 ms gap, 600 ms in all
      if (::send(p.sender.get(), "x", 1, MSG_NOSIGNAL) != 1) return;
      std::this_thread::sleep_for(milliseconds(30));
    }
  });
  auto start = std::chrono::steady_clock::now();
  Received r = receive_message(p.receiver.get(), net::Endpoint{}, o);
  auto held = std::chrono::steady_clock::now() - start;
  dribbler.join();
  EXPECT_EQ(r.outcome, net::Outcome::kTimeout);
  EXPECT_EQ(r.how, Completion::kTooSlow);
  EXPECT_LT(held, milliseconds(450));
  EXPECT_EQ(p.read_reply(), "");  // no receipt for a message that never completed
}

}  // namespace
}  // namespace sockscope::message
