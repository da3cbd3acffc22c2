// Public. `sockscope chat client`: logs in over TCP, then turns each input line into a
// command (docs/chat-protocol.md, "Client commands"): `#ls`, `#quit`, `@user: text` as a
// UDP datagram straight to that user's advertised address, anything else to the room.
// Output goes through ChatClientOutput one line at a time (the library never prints).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/clock.h"

namespace sockscope::chat {

struct ChatClientOptions {
  std::string host;
  std::uint16_t port = 5000;
  std::string user;
  bool register_first = false;          // send a register frame instead of a login
  std::optional<std::string> password;  // absent: a name-only join (--auth off servers)
  std::uint16_t udp_port = 5000;        // 0 picks a free one
  std::optional<std::string> bind;      // source address for TCP and UDP
  bool tls = false;                     // --tls: TLS to the server (net::TlsStream)
  bool verify = true;                   // false: --insecure, any certificate
  Duration connect_timeout = std::chrono::seconds(5);
  Duration login_timeout = std::chrono::seconds(30);  // Argon2id queue on a busy server
  Duration drain = std::chrono::milliseconds(300);    // after stdin ends, before leaving
  // The lab's wire protocol (chat/legacy_protocol.h): `user` is sent as the first
  // message, no password; direct messages go to each user's IP at `udp_port`, the port
  // number every legacy client binds.
  bool legacy = false;
};

struct ChatClientOutput {
  std::function<void(const std::string& line)> out;     // chat lines (stdout)
  std::function<void(const std::string& line)> notice;  // errors and warnings (stderr)
};

enum class ClientEnd {
  kLeft,     // stdin ended or #quit: exit 0
  kRefused,  // the login was refused: exit 1
  kLost,     // the connection failed or the server closed it: exit 1
};

class LineInput;  // chat/line_input.h

// Reads commands from `input` (a pipe or a terminal) until it ends or #quit; with
// options.legacy, speaks the lab's protocol (run_legacy_client).
// Throws Error(kUsage) for a bad host or --bind, or a UDP port that cannot be bound.
ClientEnd run_chat_client(const ChatClientOptions& options, LineInput& input,
                          const ChatClientOutput& output);
// The same, reading lines from a pipe or file descriptor.
ClientEnd run_chat_client(const ChatClientOptions& options, int input_fd,
                          const ChatClientOutput& output);
ClientEnd run_legacy_client(const ChatClientOptions& options, LineInput& input,
                            const ChatClientOutput& output);

}  // namespace sockscope::chat
