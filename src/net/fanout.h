// Public. The same frames to many connections of one TcpServer (a chat room, a pub/sub
// channel), at one write per member per loop round and no copy per member: published
// frames go once into a buffer for the round, and at the round's end every member is
// given its share with one writev() straight from that buffer (Connection::sendv). Only
// what a member's kernel buffer does not take is copied, into that member's own queue.
//
// A frame may leave out one member (its sender). A member added during a round gets only
// what is published after it joined; settle() gives a member its share at once, so that
// a direct Connection::send() to it stays in order behind the frames published before.
// Everything runs on the loop's thread. Members must be removed before their connection
// is freed (a TcpHandler's on_close is the place).
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "net/event_loop.h"

namespace sockscope::net {

class Connection;

class Fanout {
 public:
  explicit Fanout(EventLoop& loop) : loop_(loop) {}
  ~Fanout();
  Fanout(const Fanout&) = delete;
  Fanout& operator=(const Fanout&) = delete;

  // Adds `c` (no effect if it is a member already): it gets what is published from now on.
  void add(Connection& c);
  // Gives `c` its share of the round so far, then forgets it. No effect for a non-member.
  void remove(Connection& c);
  bool contains(const Connection& c) const { return index_.count(&c) != 0; }
  std::size_t size() const { return members_.size(); }

  // Queues `frame` for every member but `except` (null: all), written at the round's end.
  void publish(std::string_view frame, const Connection* except = nullptr);
  // Gives `c` its share of the round so far now (before a direct send to it).
  void settle(Connection& c);
  // Gives every member its share now (the round's end, or before a shutdown).
  void flush();

  // Bytes published this round and not yet flushed (tests, and a bound on memory).
  std::size_t pending_bytes() const { return bytes_.size(); }

 private:
  struct Piece {
    std::size_t begin;
    std::size_t end;
    const Connection* except;
  };
  struct Member {
    Connection* connection;
    std::size_t given;           // bytes of this round it already has (or joined after)
    std::uint64_t except_round;  // the last round in which a piece left it out
  };

  void give(Member& m);
  void schedule();

  EventLoop& loop_;
  std::vector<Member> members_;
  std::unordered_map<const Connection*, std::size_t> index_;  // connection -> members_ slot
  std::string bytes_;                                         // this round's frames, back to back
  std::vector<Piece> pieces_;
  std::uint64_t round_ = 1;
  EventLoop::TimerId flush_timer_ = 0;
  std::vector<iovec> iov_;  // reused by give()
};

}  // namespace sockscope::net
