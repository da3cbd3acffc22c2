// Public. What a test server answers: the lab servers' behaviours as one value type.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace sockscope::serve {

struct ReplyUpper {};    // the received bytes, upper-cased (the UDPServer/TCPServer lab pair)
struct ReplyEcho {};     // the received bytes unchanged
struct ReplyDiscard {};  // nothing
struct ReplyText {  // a fixed banner, once, then the server closes (the "is working" lab server)
  std::string text;
};

using ReplyMode = std::variant<ReplyUpper, ReplyEcho, ReplyDiscard, ReplyText>;

// "upper", "echo", "discard" or "text:STRING"; throws a usage error naming the text.
ReplyMode parse_reply_mode(std::string_view text);
std::string describe(const ReplyMode& mode);

// The reply to one received chunk. For ReplyText, the banner (sent once per connection
// or datagram); for ReplyDiscard, empty.
std::string reply_for(const ReplyMode& mode, std::string_view received);

// The same reply made without allocating: upper-cases `received` in place (it is the
// caller's read buffer) and returns a view into it, or into `mode` for ReplyText, or an
// empty view for ReplyDiscard. The view lives as long as both of those.
std::string_view reply_in_place(const ReplyMode& mode, std::span<char> received);

// True when the server closes a TCP connection after its first reply.
bool closes_after_reply(const ReplyMode& mode);

}  // namespace sockscope::serve
