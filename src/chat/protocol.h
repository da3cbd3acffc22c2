// Public. The chat wire protocol (docs/chat-protocol.md): one JSON object per line.
// Parsing what a client sends into typed frames, with the error code for anything
// malformed, and encoding what the server sends. Pure functions, no I/O, so the fuzz
// target and the unit tests see exactly what the server sees.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sockscope::chat {

// Longest frame a peer may send, without its "\n" (net::LineFramer's limit).
inline constexpr std::size_t kMaxFrameBytes = 8192;
// Longest room or direct message text, in bytes of UTF-8.
inline constexpr std::size_t kMaxTextBytes = 4000;
// Longest password accepted (bounds the work of hashing one).
inline constexpr std::size_t kMaxPasswordBytes = 1024;
inline constexpr std::size_t kMinPasswordBytes = 8;

// Error codes of the "error" frame (documented in docs/chat-protocol.md).
namespace code {
inline constexpr std::string_view kTooLong = "frame_too_long";
inline constexpr std::string_view kBadJson = "bad_json";
inline constexpr std::string_view kUnknownType = "unknown_type";
inline constexpr std::string_view kBadField = "bad_field";
inline constexpr std::string_view kNotLoggedIn = "not_logged_in";
inline constexpr std::string_view kAlreadyLoggedIn = "already_logged_in";
inline constexpr std::string_view kLoginFailed = "login_failed";
inline constexpr std::string_view kBadUsername = "bad_username";
inline constexpr std::string_view kBadPassword = "bad_password";
inline constexpr std::string_view kUserExists = "user_exists";
inline constexpr std::string_view kNameInUse = "name_in_use";
inline constexpr std::string_view kBusy = "busy";
inline constexpr std::string_view kAuthOff = "auth_off";
inline constexpr std::string_view kTooManyErrors = "too_many_errors";
inline constexpr std::string_view kRateLimited = "rate_limited";
inline constexpr std::string_view kLoginTimeout = "login_timeout";
}  // namespace code

struct RegisterFrame {
  std::string user;
  std::string password;
  std::uint16_t udp_port = 0;
};
struct LoginFrame {
  std::string user;
  std::optional<std::string> password;  // absent: a name-only join (--auth off)
  std::uint16_t udp_port = 0;
};
struct SayFrame {
  std::string text;
};
struct ByeFrame {};

using ClientFrame = std::variant<RegisterFrame, LoginFrame, SayFrame, ByeFrame>;

struct FrameError {
  std::string_view code;  // one of chat::code
  std::string message;
};

// One line (without "\n") from a client: a frame, or why it is not one.
std::variant<ClientFrame, FrameError> parse_client_frame(std::string_view line);

// User names: 1-32 bytes of ASCII letters, digits, '_', '-', '.', starting with a letter
// or digit. Empty when `name` is fine, otherwise the reason.
std::string username_problem(std::string_view name);
// Passwords: 8-1024 bytes, any bytes but NUL. Empty when fine.
std::string password_problem(std::string_view password);

// A user on line, as presence frames carry it. The address is the one the server saw
// the TCP connection come from, never one the client claimed.
struct PresenceEntry {
  std::string user;
  std::string address;
  std::uint16_t udp_port = 0;
};

struct RoomMessage {
  std::string from;
  std::string text;
  std::int64_t time_ms = 0;  // server time, ms since the Unix epoch
  std::uint64_t seq = 0;     // server order, from 1
};

// Server frames, each a whole line ending in "\n".
std::string encode_ok(std::string_view op, std::string_view user);
std::string encode_error(std::string_view code, std::string_view message);
std::string encode_presence_full(const std::vector<PresenceEntry>& users);
// The same frame from entries encoded once each (encode_presence_entry): a login among
// 10,000 users is then a copy of their cached entries, not 10,000 JSON objects built anew.
std::string encode_presence_entry(const PresenceEntry& user);
std::string encode_presence_full_encoded(const std::vector<std::string_view>& entries);
std::string encode_presence_join(const PresenceEntry& user);
std::string encode_presence_leave(std::string_view user);
std::string encode_message(const RoomMessage& message);
std::string encode_history(const std::vector<RoomMessage>& messages);
std::string encode_bye(std::string_view reason, std::string_view message);

// Client frames, each a whole line ending in "\n".
std::string encode_register(std::string_view user, std::string_view password,
                            std::uint16_t udp_port);
std::string encode_login(std::string_view user, const std::optional<std::string>& password,
                         std::uint16_t udp_port);
std::string encode_say(std::string_view text);
std::string encode_client_bye();

}  // namespace sockscope::chat
