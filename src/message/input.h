// Public. Checking what a person typed into the communicator: the menu option, the
// message and the recipient address. Each check returns a value or an error text that
// the caller shows before asking again (menu) or turns into exit 2 (CLI).
#pragma once

#include <netinet/in.h>

#include <optional>
#include <string>
#include <string_view>

#include "message/protocol.h"

namespace sockscope::message {

enum class MenuOption { kExit = 0, kSend = 1, kReceive = 2 };

// "0", "1" or "2", surrounding spaces allowed; anything else is nullopt.
std::optional<MenuOption> parse_menu_option(std::string_view text);

// Empty when `text` is a message we can send, else the error line to show.
// Limit in characters (UTF-8 code points), as the prompt says.
std::string message_error(std::string_view text, std::size_t max_chars = kMaxChars);

// A dotted-quad IPv4 address ("192.168.1.52"), surrounding spaces allowed. Names and
// short forms ("192.168.2", "192.168.sam") are refused, as the lab asks.
std::optional<in_addr> parse_recipient(std::string_view text);

// Empty when `text` is a valid recipient, else the handout's line: "Error not a valid
// IPv4:" when the parts are numbers but not four of them ("192.168.2"), otherwise
// "Error not a valid IPv4 Address:" ("192.168.sam", "192.168.1.300").
std::string recipient_error(std::string_view text);

// Removes leading and trailing spaces, tabs and a line end's '\r'.
std::string_view trim(std::string_view text);

}  // namespace sockscope::message
