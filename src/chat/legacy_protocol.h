// Public. The lab's own chat wire protocol (`--legacy`, handout 004, docs/chat-protocol.md
// "Legacy mode"): no framing at all. A client's first TCP message is its name; the server
// sends `!` + a JSON object of name -> IP address on every join and leave, and relays each
// room message as `name: msg ` (with the lab's trailing space). Pure functions and a
// stream reader, no I/O, so the unit tests and the fuzz target see what the peers see.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sockscope::chat {

// The lab reads with recv(1024): a name or a room message is at most this many bytes.
inline constexpr std::size_t kLegacyChunkBytes = 1024;
// Longest `!{...}` presence object a client buffers while it arrives in pieces.
inline constexpr std::size_t kMaxLegacyPresenceBytes = 1024 * 1024;

// name -> IP address, in join order (a Python dict keeps insertion order).
using LegacyUsers = std::vector<std::pair<std::string, std::string>>;

// `!` + json.dumps(users) exactly as Python writes it: `{"a": "192.0.2.2", "b": ...}`,
// ", " and ": " separators, non-ASCII as \uXXXX (ensure_ascii). Names must be UTF-8.
std::string encode_legacy_presence(const LegacyUsers& users);
// `name: text ` (the lab's f"{name}: {msg} ").
std::string encode_legacy_relay(std::string_view name, std::string_view text);

// Length of the longest prefix of `bytes` of at most `max` bytes that does not end inside
// a UTF-8 sequence (the rest is kept for the next chunk; Python's decode would fail on a
// cut character). A malformed byte counts as one character.
std::size_t legacy_cut(std::string_view bytes, std::size_t max);
// A name the legacy server accepts: 1-64 bytes of valid UTF-8 with no control
// character, no leading or trailing space. Empty when fine, otherwise the reason.
std::string legacy_name_problem(std::string_view name);
// Whether `text` is valid UTF-8 (the lab's peers decode every message).
bool valid_utf8(std::string_view text);

// What a legacy client reads from the server, cut into presence lists and room text.
// TCP keeps no message boundaries, so one read may hold `!{...}` and relayed text glued
// together, and a presence object may arrive in pieces. A presence object is recognised
// at the start of a read or right after a whole presence object (where the lab's client
// looks for it: msg[0] == '!'), and is buffered until its closing brace (at most
// kMaxLegacyPresenceBytes, then it is passed on as text); anything else is text, so a
// room message that contains `!{` cannot forge a presence list.
class LegacyReader {
 public:
  using OnPresence = std::function<void(LegacyUsers users)>;
  using OnText = std::function<void(std::string_view text)>;

  // One read's bytes.
  void feed(std::string_view bytes, const OnPresence& on_presence, const OnText& on_text);
  std::size_t pending() const { return partial_.size(); }

 private:
  std::string partial_;  // an unfinished `!{...}`
};

// Parses `!{...}` (the whole of `bytes`, the `!` included) as a flat JSON object of
// strings; false when it is not one.
bool parse_legacy_presence(std::string_view bytes, LegacyUsers& users);
// The length of the `!{...}` object at the start of `bytes` (braces matched outside
// strings), 0 when it has not ended within `bytes`.
std::size_t legacy_presence_end(std::string_view bytes);

}  // namespace sockscope::chat
