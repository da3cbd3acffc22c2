#include "serve/reply_mode.h"

#include "core/error.h"
#include "core/text.h"
#include "serve/unicode_upper.h"

namespace sockscope::serve {

ReplyMode parse_reply_mode(std::string_view text) {
  if (text == "upper") return ReplyUpper{};
  if (text == "echo") return ReplyEcho{};
  if (text == "discard") return ReplyDiscard{};
  if (text.substr(0, 5) == "text:") {
    if (text.size() == 5) throw usage_error("bad reply mode 'text:': the banner text is empty");
    return ReplyText{std::string(text.substr(5))};
  }
  throw usage_error("bad reply mode '" + escape_nonprintable(text) +
                    "': expected upper, echo, discard or text:STRING");
}

std::string describe(const ReplyMode& mode) {
  struct Visitor {
    std::string operator()(const ReplyUpper&) const { return "upper"; }
    std::string operator()(const ReplyEcho&) const { return "echo"; }
    std::string operator()(const ReplyDiscard&) const { return "discard"; }
    std::string operator()(const ReplyText& t) const { return "text:" + t.text; }
  };
  return std::visit(Visitor{}, mode);
}

std::string reply_for(const ReplyMode& mode, std::string_view received) {
  struct Visitor {
    std::string_view received;
    std::string operator()(const ReplyUpper&) const { return to_upper_unicode(received); }
    std::string operator()(const ReplyEcho&) const { return std::string(received); }
    std::string operator()(const ReplyDiscard&) const { return {}; }
    std::string operator()(const ReplyText& t) const { return t.text; }
  };
  return std::visit(Visitor{received}, mode);
}

std::string_view reply_in_place(const ReplyMode& mode, std::span<char> received,
                                std::string& scratch) {
  if (const auto* banner = std::get_if<ReplyText>(&mode)) return banner->text;
  if (std::holds_alternative<ReplyDiscard>(mode)) return {};
  if (std::holds_alternative<ReplyUpper>(mode)) return to_upper_unicode(received, scratch);
  return {received.data(), received.size()};  // echoed as is
}

bool closes_after_reply(const ReplyMode& mode, bool loop) {
  if (std::holds_alternative<ReplyText>(mode)) return true;
  return std::holds_alternative<ReplyUpper>(mode) && !loop;
}

}  // namespace sockscope::serve
