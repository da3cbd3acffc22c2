#include "capture/filter/byte_literal.h"

#include <cctype>

#include "capture/filter/lexer.h"

namespace sockscope::capture::filter {
namespace {

bool hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}
bool separator(char c) {
  return c == ':' || c == '.' || c == '-';
}
int digit(char c) {
  return c <= '9' ? c - '0' : (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
}

// Wireshark's hex_str_to_bytes() without forced separators: four digits are two bytes,
// two digits one byte, a lone digit (before a separator or at the end) one byte.
bool hex_to_bytes(const std::string& s, std::string& out) {
  std::size_t i = 0;
  auto byte = [&](std::size_t at, int n) {
    int v = n == 1 ? digit(s[at]) : digit(s[at]) * 16 + digit(s[at + 1]);
    out.push_back(static_cast<char>(v));
  };
  while (i < s.size()) {
    std::size_t left = s.size() - i;
    if (left >= 4 && hex(s[i]) && hex(s[i + 1]) && hex(s[i + 2]) && hex(s[i + 3])) {
      byte(i, 2);
      byte(i + 2, 2);
      i += 4;
    } else if (left >= 2 && hex(s[i]) && hex(s[i + 1])) {
      byte(i, 2);
      i += 2;
    } else if (left >= 2 && hex(s[i]) && separator(s[i + 1])) {
      byte(i, 1);
      i += 2;
      continue;
    } else if (left == 1 && hex(s[i])) {
      byte(i, 1);
      i += 1;
      continue;
    } else {
      return false;
    }
    if (i < s.size() && separator(s[i])) ++i;
  }
  return true;
}

// `aa:bb:cc`: pairs of digits joined by colons.
bool colon_pairs(const std::string& s) {
  if (s.size() % 3 != 2) return false;
  for (std::size_t i = 0; i < s.size(); i += 3)
    if (!hex(s[i]) || !hex(s[i + 1]) || (i + 2 < s.size() && s[i + 2] != ':')) return false;
  return true;
}

[[noreturn]] void unexpected(const std::string& word, std::size_t from, std::size_t len,
                             std::size_t pos) {
  throw FilterError{"\"" + word.substr(from, len) + "\" was unexpected in this context",
                    pos + from};
}

}  // namespace

std::string parse_byte_literal(const std::string& word, std::size_t pos) {
  std::string out;
  auto invalid = [&](const std::string& shown) -> FilterError {
    return {"\"" + shown + "\" is not a valid byte string", pos};
  };
  if (word.empty()) throw invalid(word);
  // What tshark's scanner refuses before any value is read: a leading '-' or '.', a
  // trailing separator, a doubled dot, a colon that does not join two-digit pairs.
  if (word[0] == '-' || word[0] == '.') unexpected(word, 0, 1, pos);
  if (word.back() == '.' || (word.back() == ':' && word.size() > 1 && word[0] != ':'))
    unexpected(word, word.size() - 1, 1, pos);
  if (auto dots = word.find(".."); dots != std::string::npos) unexpected(word, dots, 2, pos);
  if (word[0] == ':') {
    std::string rest = word.substr(1);
    if (rest.empty() || !hex(rest[0])) unexpected(word, 0, 1, pos);
    if (!hex_to_bytes(rest, out) || rest.back() == ':') throw invalid(rest);
    return out;
  }
  auto colon = word.find(':');
  if (colon != std::string::npos) {
    if (word.find("::") != std::string::npos) throw invalid(word);  // an IPv6 address
    if (!colon_pairs(word)) unexpected(word, colon, word.size() - colon, pos);
  }
  if (word.size() == 4 && word[0] == '0' && (word[1] == 'x' || word[1] == 'X') && hex(word[2]) &&
      hex(word[3])) {
    out.push_back(static_cast<char>(digit(word[2]) * 16 + digit(word[3])));
    return out;
  }
  if (!hex_to_bytes(word, out)) throw invalid(word);
  return out;
}

}  // namespace sockscope::capture::filter
