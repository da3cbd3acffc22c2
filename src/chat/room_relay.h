// Public. Where a chat room sends what other servers of the same room must see
// (`--redis`): one ordered channel shared by every server. The ChatHandler publishes
// through it and is told what arrives (its own publications included, in the channel's
// order) and when the channel comes and goes. RedisLink is the one implementation.
#pragma once

#include <string_view>

namespace sockscope::chat {

class RoomRelay {
 public:
  virtual ~RoomRelay() = default;
  // True when the channel is up; a publication then comes back to every server, this one
  // included, in one order. False when it is down: nothing was sent.
  virtual bool publish(std::string_view payload) = 0;
  virtual bool up() const = 0;
};

}  // namespace sockscope::chat
