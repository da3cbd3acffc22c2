#include "net/fanout.h"

#include <algorithm>

#include "net/connection.h"

namespace sockscope::net {
namespace {

// A round that published more than this keeps no buffer of that size afterwards (a
// login storm's presence frames must not pin megabytes for the rest of the run).
constexpr std::size_t kKeepCapacity = 1 << 20;

}  // namespace

Fanout::~Fanout() {
  if (flush_timer_ != 0) loop_.cancel(flush_timer_);
}

void Fanout::add(Connection& c) {
  if (contains(c)) return;
  index_.emplace(&c, members_.size());
  members_.push_back(Member{&c, bytes_.size(), 0});
}

void Fanout::remove(Connection& c) {
  auto it = index_.find(&c);
  if (it == index_.end()) return;
  std::size_t slot = it->second;
  give(members_[slot]);
  index_.erase(it);
  if (slot + 1 != members_.size()) {
    members_[slot] = members_.back();
    index_[members_[slot].connection] = slot;
  }
  members_.pop_back();
}

void Fanout::publish(std::string_view frame, const Connection* except) {
  if (frame.empty() || members_.empty()) return;
  std::size_t begin = bytes_.size();
  bytes_.append(frame);
  if (except != nullptr) {
    if (auto it = index_.find(except); it != index_.end()) {
      members_[it->second].except_round = round_;
      if (!pieces_.empty() && pieces_.back().except == except && pieces_.back().end == begin) {
        pieces_.back().end = bytes_.size();  // the same sender's next frame: one piece
      } else {
        pieces_.push_back(Piece{begin, bytes_.size(), except});
      }
    }
  }
  schedule();
}

void Fanout::settle(Connection& c) {
  if (auto it = index_.find(&c); it != index_.end()) give(members_[it->second]);
}

void Fanout::flush() {
  if (flush_timer_ != 0) {
    loop_.cancel(flush_timer_);
    flush_timer_ = 0;
  }
  if (bytes_.empty()) return;
  for (Member& m : members_) {
    give(m);
    m.given = 0;
  }
  pieces_.clear();
  if (bytes_.capacity() > kKeepCapacity) {
    std::string().swap(bytes_);
  } else {
    bytes_.clear();
  }
  ++round_;
}

void Fanout::give(Member& m) {
  const std::size_t end = bytes_.size();
  if (m.given >= end) return;
  iov_.clear();
  auto piece = [&](std::size_t from, std::size_t to) {
    if (to > from) iov_.push_back(iovec{bytes_.data() + from, to - from});
  };
  if (m.except_round != round_) {
    piece(m.given, end);
  } else {  // this member sent some of the round's frames: everything around them
    std::size_t at = m.given;
    for (const Piece& p : pieces_) {
      if (p.except != m.connection || p.end <= at) continue;
      piece(at, p.begin);
      at = std::max(at, p.end);
    }
    piece(at, end);
  }
  m.given = end;
  if (!iov_.empty()) m.connection->sendv(iov_);
}

void Fanout::schedule() {
  if (flush_timer_ == 0) {
    flush_timer_ = loop_.run_after(Duration::zero(), [this] {
      flush_timer_ = 0;
      flush();
    });
  }
}

}  // namespace sockscope::net
