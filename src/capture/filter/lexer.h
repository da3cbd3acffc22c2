// Internal to capture/filter/. Splits a display filter into tokens, each with its
// offset in the text so errors can put a caret under the fault.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope::capture::filter {

enum class Tok {
  kWord,    // field names, protocol names, unquoted values (numbers, addresses, keywords),
            // and character constants ('A', '\x41', '\101': text kept with its quotes)
  kString,  // "quoted" (escapes resolved)
  kOp,      // == != < <= > >= ~ && || ! ( ) { } , [ ] # & + - * / %
  kEnd,
};

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;
  std::size_t pos = 0;
};

// Throws FilterError on an unterminated string or a character no token starts with.
std::vector<Token> lex(const std::string& text);

// The value of a character constant token ('A', '\x41', '\101', '\'', '\\'); nullopt
// when `text` is not one.
std::optional<unsigned char> character_constant(std::string_view text);

struct FilterError {
  std::string message;
  std::size_t pos;
};

}  // namespace sockscope::capture::filter
