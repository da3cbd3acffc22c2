// Public. What a test server answers: the lab servers' behaviours as one value type.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace sockscope::serve {

struct ReplyUpper {};    // the received text upper-cased as Python's str.upper() (the lab pair)
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

// The same reply made without allocating in the common case: upper-cases ASCII text in
// place in `received` (the caller's read buffer) and returns a view into it, or into
// `scratch` for other text (unicode_upper.h), or into `mode` for ReplyText, or an empty
// view for ReplyDiscard. The view lives as long as all three are unchanged.
std::string_view reply_in_place(const ReplyMode& mode, std::span<char> received,
                                std::string& scratch);

// True when the TCP server answers once and then closes: always for a banner (ReplyText),
// and for ReplyUpper unless `loop` (the lab's TCPServer.py answers one message and closes;
// `loop` keeps the connection, ncat-like, answering every message). Echo and discard
// always loop.
bool closes_after_reply(const ReplyMode& mode, bool loop);

}  // namespace sockscope::serve
