// net::Fanout over a real net::TcpServer on Unix stream sockets (no network): every member
// but the sender gets each published frame, in publish order, at the round's end; late
// joiners, settle() before direct sends, removal and a slow reader.
#include "net/fanout.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "net/tcp_server.h"
#include "unix_server_fixture.h"

namespace sockscope::net {
namespace {

using unit::put;
using unit::Reader;
using unit::run_until;
using unit::UnixListener;

// Every client is a member from its first byte; what a member sends is published as one
// frame to the others. "direct:X" answers X to the sender alone (after settle()), "leave"
// removes the sender, "join-late" adds `late` in the middle of the round.
class RoomHandler final : public TcpHandler {
 public:
  explicit RoomHandler(EventLoop& loop) : room(loop) {}
  Fanout room;
  std::vector<Connection*> members;
  Connection* late = nullptr;
  int overflows = 0;

  void on_open(Connection& c) override { members.push_back(&c); }
  void on_data(Connection& c, std::span<char> bytes) override {
    std::string text(bytes.data(), bytes.size());
    if (text.starts_with("direct:")) {
      room.settle(c);
      c.send(text.substr(7));
      return;
    }
    if (text == "leave") {
      room.remove(c);
      return;
    }
    if (text == "join-late") {
      room.publish("before-late;", &c);
      room.add(*late);
      room.publish("after-late;", &c);
      return;
    }
    if (!room.contains(c)) room.add(c);
    room.publish(text, &c);
  }
  void on_close(Connection& c, CloseCause, std::string_view) override {
    room.remove(c);
    std::erase(members, &c);
  }
  void on_overflow(Connection&) override { ++overflows; }
};

struct Room {
  UnixListener at;
  EventLoop loop;
  RoomHandler handler{loop};
  TcpServer server;
  explicit Room(TcpServerOptions options = {})
      : server(loop, at.listen(), std::move(options), handler) {}
  // Clients that joined the room (each sent "hi;"; the others' copies are read away).
  std::vector<UniqueFd> join(std::size_t n, int receive_buffer = 0) {
    std::vector<UniqueFd> clients;
    for (std::size_t i = 0; i < n; ++i) {
      clients.push_back(at.connect(receive_buffer));
      put(clients.back().get(), "hi;");
      EXPECT_TRUE(run_until(loop, [&] { return handler.room.size() == i + 1; }));
    }
    drain(clients);
    return clients;
  }
  void drain(std::vector<UniqueFd>& clients) {
    for (int i = 0; i < 5; ++i) loop.run_once(std::chrono::milliseconds(2));
    for (auto& c : clients) {
      Reader r;
      r.poll(c.get());
    }
  }
};

TEST(Fanout, EveryMemberButTheSenderGetsEachFrameInOrder) {
  Room room;
  auto clients = room.join(4);
  put(clients[0].get(), "a1;");
  room.loop.run_once(std::chrono::milliseconds(5));
  put(clients[1].get(), "b1;");
  put(clients[0].get(), "a2;");
  std::vector<Reader> got(4);
  ASSERT_TRUE(run_until(room.loop, [&] {
    for (std::size_t i = 0; i < 4; ++i) got[i].poll(clients[i].get());
    return got[2].bytes.size() >= 9 && got[3].bytes.size() >= 9 && got[0].bytes.size() >= 3 &&
           got[1].bytes.size() >= 6;
  }));
  EXPECT_EQ(got[0].bytes, "b1;");
  EXPECT_EQ(got[1].bytes.size(), 6u);  // a1 and a2, whatever the order of the reads
  EXPECT_TRUE(got[1].bytes.find("a1;") < got[1].bytes.find("a2;"));
  EXPECT_EQ(got[2].bytes, got[3].bytes);
  EXPECT_EQ(got[2].bytes.size(), 9u);
  EXPECT_TRUE(got[2].bytes.find("a1;") < got[2].bytes.find("a2;"));
}

TEST(Fanout, ASendersOwnFramesAreLeftOutWhereverTheyFallInTheRound) {
  Room room;
  auto clients = room.join(3);
  // One round, published directly: x, y (from 0), z, w (from 0), v.
  Connection* sender = room.handler.members[0];
  room.handler.room.publish("x;");
  room.handler.room.publish("y;", sender);
  room.handler.room.publish("z;");
  room.handler.room.publish("w;", sender);
  room.handler.room.publish("v;");
  room.handler.room.flush();
  std::vector<Reader> got(3);
  ASSERT_TRUE(run_until(room.loop, [&] {
    for (std::size_t i = 0; i < 3; ++i) got[i].poll(clients[i].get());
    return got[0].bytes.size() >= 6 && got[1].bytes.size() >= 10;
  }));
  EXPECT_EQ(got[0].bytes, "x;z;v;");
  EXPECT_EQ(got[1].bytes, "x;y;z;w;v;");
  EXPECT_EQ(got[2].bytes, "x;y;z;w;v;");
  EXPECT_EQ(room.handler.room.pending_bytes(), 0u);
}

TEST(Fanout, AMemberAddedDuringARoundGetsOnlyWhatFollows) {
  Room room;
  auto clients = room.join(2);
  UniqueFd late = room.at.connect();
  ASSERT_TRUE(run_until(room.loop, [&] { return room.handler.members.size() == 3; }));
  room.handler.late = room.handler.members[2];
  put(clients[0].get(), "join-late");
  Reader late_reader, other;
  ASSERT_TRUE(run_until(room.loop, [&] {
    late_reader.poll(late.get());
    other.poll(clients[1].get());
    return other.bytes.size() >= 23;
  }));
  EXPECT_EQ(other.bytes, "before-late;after-late;");
  EXPECT_EQ(late_reader.bytes, "after-late;");
}

TEST(Fanout, SettleKeepsADirectSendBehindTheFramesBeforeIt) {
  Room room;
  auto clients = room.join(2);
  room.handler.room.publish("room;");  // not flushed: the round is still open
  put(clients[1].get(), "direct:you;");
  Reader r;
  ASSERT_TRUE(run_until(room.loop, [&] {
    r.poll(clients[1].get());
    return r.bytes.size() >= 9;
  }));
  EXPECT_EQ(r.bytes, "room;you;");
}

TEST(Fanout, ARemovedMemberGetsItsShareThenNothingMore) {
  Room room;
  auto clients = room.join(2);
  room.handler.room.publish("last;");
  put(clients[1].get(), "leave");
  ASSERT_TRUE(run_until(room.loop, [&] { return room.handler.room.size() == 1; }));
  room.handler.room.publish("after;");
  room.handler.room.flush();
  Reader gone, stays;
  ASSERT_TRUE(run_until(room.loop, [&] {
    gone.poll(clients[1].get());
    stays.poll(clients[0].get());
    return stays.bytes.size() >= 11;
  }));
  EXPECT_EQ(stays.bytes, "last;after;");
  EXPECT_EQ(gone.bytes, "last;");
}

TEST(Fanout, ASlowReaderOverflowsAloneAndTheOthersGetEverything) {
  TcpServerOptions options;
  options.limits.max_output = 64 * 1024;
  options.limits.pause_reading_at = 32 * 1024;
  Room room(options);
  auto clients = room.join(3, 4096);
  const std::string frame(1000, 'f');
  std::size_t read0 = 0, read1 = 0, published = 0;
  // Client 2 never reads: its kernel buffers fill, then its queue passes max_output.
  for (int round = 0; round < 400 && room.handler.overflows == 0; ++round) {
    room.handler.room.publish(frame);
    room.handler.room.flush();
    ++published;
    Reader r0, r1;
    r0.poll(clients[0].get());
    r1.poll(clients[1].get());
    read0 += r0.bytes.size();
    read1 += r1.bytes.size();
  }
  EXPECT_EQ(room.handler.overflows, 1);
  ASSERT_TRUE(run_until(room.loop, [&] { return room.handler.room.size() == 2; }));
  // The readers lost nothing (their queues drain as they read).
  for (int i = 0; i < 3; ++i) {
    room.handler.room.publish(frame);
    room.handler.room.flush();
    ++published;
  }
  ASSERT_TRUE(run_until(room.loop, [&] {
    Reader r0, r1;
    r0.poll(clients[0].get());
    r1.poll(clients[1].get());
    read0 += r0.bytes.size();
    read1 += r1.bytes.size();
    return read0 == published * frame.size() && read1 == published * frame.size();
  }));
  EXPECT_EQ(room.server.clients(), 2u);
}

}  // namespace
}  // namespace sockscope::net
