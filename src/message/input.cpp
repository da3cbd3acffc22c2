#include "message/input.h"

#include "core/text.h"
#include "net/address.h"

namespace sockscope::message {

std::string_view trim(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

std::optional<MenuOption> parse_menu_option(std::string_view text) {
  text = trim(text);
  if (text == "0") return MenuOption::kExit;
  if (text == "1") return MenuOption::kSend;
  if (text == "2") return MenuOption::kReceive;
  return std::nullopt;
}

std::string message_error(std::string_view text, std::size_t max_chars) {
  if (text.empty()) return "Error, the message is empty";
  if (utf8_length(text) > max_chars) {
    return "Error, the message is longer than " + std::to_string(max_chars) + " characters";
  }
  return {};
}

std::optional<in_addr> parse_recipient(std::string_view text) {
  return net::parse_ipv4_strict(trim(text));
}

std::string recipient_error(std::string_view text) {
  text = trim(text);
  if (net::parse_ipv4_strict(text)) return {};
  std::size_t parts = 1;
  bool numeric = !text.empty();
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dot = text[i] == '.';
    bool empty_part = dot && (i == 0 || text[i - 1] == '.' || i + 1 == text.size());
    if (empty_part || (!dot && (text[i] < '0' || text[i] > '9'))) numeric = false;
    if (dot) ++parts;
  }
  return numeric && parts != 4 ? "Error not a valid IPv4:" : "Error not a valid IPv4 Address:";
}

}  // namespace sockscope::message
