// receive_message() over a socketpair (no network): the completion rule in the real read
// loop, the receipt, and misbehaving senders. Short gaps keep it fast.
#include "message/receiver.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <string>

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
  o.rule.first_byte_timeout = milliseconds(100);
  o.receipt_timeout = milliseconds(200);
  return o;
}

TEST(Receiver, HalfCloseEndsTheMessageAndTheReceiptGoesBack) {
  Pair p;
  ASSERT_EQ(::send(p.sender.get(), "green eggs", 10, 0), 10);
  ::shutdown(p.sender.get(), SHUT_WR);
  Received r = receive_message(p.receiver.get(), fast());
  EXPECT_EQ(r.status, ReceiveStatus::kReceived);
  EXPECT_EQ(r.how, Completion::kEndOfStream);
  EXPECT_EQ(r.text, "green eggs");
  EXPECT_TRUE(r.receipt_sent);
  EXPECT_EQ(p.read_reply(), "#<<END>>#");
}

TEST(Receiver, ASenderThatWaitsWithoutClosingGetsItsReceiptAfterTheGap) {
  Pair p;
  ASSERT_EQ(::send(p.sender.get(), "and ham", 7, 0), 7);
  Received r = receive_message(p.receiver.get(), fast());
  EXPECT_EQ(r.status, ReceiveStatus::kReceived);
  EXPECT_EQ(r.how, Completion::kQuietGap);
  EXPECT_EQ(r.text, "and ham");
  EXPECT_EQ(p.read_reply(), "#<<END>>#");
}

TEST(Receiver, AFloodStopsAtTheLimit) {
  Pair p;
  std::string flood(10000, 'f');
  ASSERT_EQ(::send(p.sender.get(), flood.data(), flood.size(), 0), 10000);
  Received r = receive_message(p.receiver.get(), fast());
  EXPECT_EQ(r.status, ReceiveStatus::kReceived);
  EXPECT_EQ(r.how, Completion::kLimit);
  EXPECT_EQ(r.text.size(), 4096u);
  EXPECT_GT(r.dropped_bytes, 0u);
}

TEST(Receiver, ASilentSenderEndsWithoutAReceipt) {
  Pair p;
  Received r = receive_message(p.receiver.get(), fast());
  EXPECT_EQ(r.status, ReceiveStatus::kSilent);
  EXPECT_FALSE(r.receipt_sent);
  EXPECT_EQ(p.read_reply(), "");
}

TEST(Receiver, ASenderThatClosesAtOnceSentNothing) {
  Pair p;
  p.sender.reset();
  Received r = receive_message(p.receiver.get(), fast());
  EXPECT_EQ(r.status, ReceiveStatus::kEmpty);
}

TEST(Receiver, AGoneSenderDoesNotStopTheReceiver) {
  Pair p;
  ASSERT_EQ(::send(p.sender.get(), "bye", 3, 0), 3);
  p.sender.reset();  // the receipt cannot be delivered
  Received r = receive_message(p.receiver.get(), fast());
  EXPECT_EQ(r.status, ReceiveStatus::kReceived);
  EXPECT_EQ(r.text, "bye");
  EXPECT_FALSE(r.receipt_sent);
}

}  // namespace
}  // namespace sockscope::message
