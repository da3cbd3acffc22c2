#include "capture/filter/lexer.h"

#include <cctype>

#include "capture/filter/fields.h"
#include "core/text.h"

namespace sockscope::capture::filter {
namespace {

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' ||
         c == '/' || c == '-';
}

// The character constant starting at text[i] (a quote), as Wireshark 4.0's scanner reads
// one: a character, or \x with one or two hex digits, \ with one to three octal digits,
// \' or \\ (no \n: too long). Its length, quotes included; throws FilterError.
std::size_t character_length(const std::string& text, std::size_t i) {
  std::size_t j = i + 1;
  if (j < text.size() && text[j] == '\\') {
    ++j;
    if (j < text.size() && (text[j] == 'x' || text[j] == 'X')) {
      ++j;
      for (int k = 0;
           k < 2 && j < text.size() && std::isxdigit(static_cast<unsigned char>(text[j])); ++k)
        ++j;
    } else if (j < text.size() && text[j] >= '0' && text[j] <= '7') {
      for (int k = 0; k < 3 && j < text.size() && text[j] >= '0' && text[j] <= '7'; ++k) ++j;
    } else if (j < text.size()) {
      ++j;
    }
  } else if (j < text.size() && text[j] != '\'') {
    ++j;
  }
  std::size_t end = text.find('\'', j);
  if (end == std::string::npos) throw FilterError{"the character constant is not closed", i};
  const std::string constant = text.substr(i, end + 1 - i);
  if (constant == "''") throw FilterError{"Empty character constant", i};
  if (end != j || !character_constant(constant))
    throw FilterError{constant + " is too long to be a valid character constant", i};
  return end + 1 - i;
}

}  // namespace

std::optional<unsigned char> character_constant(std::string_view t) {
  if (t.size() < 3 || t.front() != '\'' || t.back() != '\'') return std::nullopt;
  const std::string_view in = t.substr(1, t.size() - 2);
  if (in.size() == 1) return in[0] == '\\' ? std::nullopt : std::optional<unsigned char>(in[0]);
  if (in[0] != '\\') return std::nullopt;
  const std::string_view esc = in.substr(1);
  if (esc == "'" || esc == "\\") return static_cast<unsigned char>(esc[0]);
  unsigned value = 0;
  if ((esc[0] == 'x' || esc[0] == 'X') && esc.size() >= 2 && esc.size() <= 3) {
    for (char c : esc.substr(1)) {
      if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
      value = value * 16 +
              static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(c))
                                        ? c - '0'
                                        : (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10));
    }
    return static_cast<unsigned char>(value);
  }
  if (esc.size() <= 3) {
    for (char c : esc) {
      if (c < '0' || c > '7') return std::nullopt;
      value = value * 8 + static_cast<unsigned>(c - '0');
    }
    if (value > 255) return std::nullopt;
    return static_cast<unsigned char>(value);
  }
  return std::nullopt;
}

std::vector<Token> lex(const std::string& text) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token t;
    t.pos = i;
    // A string; r"..." is raw: its backslashes stay (a regex's `\d`), and `\"` does not
    // end it (Wireshark 4.0's scanner).
    const bool raw = (c == 'r' || c == 'R') && i + 1 < text.size() && text[i + 1] == '"';
    if (c == '"' || raw) {
      t.kind = Tok::kString;
      i += raw ? 2 : 1;
      bool closed = false;
      while (i < text.size()) {
        char d = text[i];
        if (d == '"') {
          closed = true;
          ++i;
          break;
        }
        if (d == '\\' && i + 1 < text.size() && raw) {
          t.text.append(text, i, 2);
          i += 2;
          continue;
        }
        if (d == '\\' && i + 1 < text.size()) {
          const std::size_t at = i;
          char e = text[i + 1];
          i += 2;
          switch (e) {
            case 'a':
              t.text.push_back('\a');
              break;
            case 'b':
              t.text.push_back('\b');
              break;
            case 'f':
              t.text.push_back('\f');
              break;
            case 'n':
              t.text.push_back('\n');
              break;
            case 'r':
              t.text.push_back('\r');
              break;
            case 't':
              t.text.push_back('\t');
              break;
            case 'v':
              t.text.push_back('\v');
              break;
            case '\\':
            case '"':
            case '\'':
              t.text.push_back(e);
              break;
            case 'x': {
              int v = 0, n = 0;
              while (n < 2 && i < text.size() &&
                     std::isxdigit(static_cast<unsigned char>(text[i]))) {
                char h = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
                v = v * 16 + (h <= '9' ? h - '0' : h - 'a' + 10);
                ++i;
                ++n;
              }
              if (n == 0) throw FilterError{"\\x needs hex digits", i};
              t.text.push_back(static_cast<char>(v));
              break;
            }
            default: {
              // \N, \NN, \NNN: octal, at most 0377
              if (e < '0' || e > '7')
                throw FilterError{"invalid escape sequence '\\" +
                                      escape_nonprintable(std::string_view(&e, 1)) + "'",
                                  at};
              int v = e - '0', n = 1;
              while (n < 3 && i < text.size() && text[i] >= '0' && text[i] <= '7') {
                v = v * 8 + (text[i] - '0');
                ++i;
                ++n;
              }
              if (v > 0377) throw FilterError{"octal escape above \\377", at};
              t.text.push_back(static_cast<char>(v));
              break;
            }
          }
          continue;
        }
        t.text.push_back(d);
        ++i;
      }
      if (!closed) throw FilterError{"unterminated string", t.pos};
      out.push_back(std::move(t));
      continue;
    }
    if (c == '\'') {  // a character constant: a word whose text keeps its quotes
      t.kind = Tok::kWord;
      const std::size_t n = character_length(text, i);
      t.text = text.substr(i, n);
      i += n;
      out.push_back(std::move(t));
      continue;
    }
    // A '-' or '/' that starts a token is an operator (`frame.len -2`, `a / 2`); inside
    // a word it belongs to it (`aa-bb-cc`, `10.0.0.0/8`), except that a field name
    // ends before '/' (`frame.len/2`), as in Wireshark.
    if (word_char(c) && c != '-' && c != '/') {
      t.kind = Tok::kWord;
      while (i < text.size() && word_char(text[i])) {
        if (text[i] == '/' && find_field(t.text) != nullptr) break;
        t.text.push_back(text[i++]);
      }
      out.push_back(std::move(t));
      continue;
    }
    t.kind = Tok::kOp;
    std::string three = text.substr(i, 3);
    std::string two = text.substr(i, 2);
    if (three == "===" || three == "!==") {
      t.text = three;
      i += 3;
    } else if (two == "==" || two == "!=" || two == "<=" || two == ">=" || two == "&&" ||
               two == "||" || two == "~=") {
      t.text = two;
      i += 2;
    } else if (c == '=') {
      throw FilterError{"'=' is not an operator (did you mean '==')", i};
    } else if (c == '<' || c == '>' || c == '!' || c == '(' || c == ')' || c == '~' || c == '{' ||
               c == '}' || c == ',' || c == '&' || c == '[' || c == ']' || c == '#' || c == '+' ||
               c == '-' || c == '*' || c == '/' || c == '%') {
      t.text.assign(1, c);
      ++i;
    } else {
      throw FilterError{
          "unexpected character '" + escape_nonprintable(std::string_view(&text[i], 1)) + "'", i};
    }
    out.push_back(std::move(t));
  }
  Token end;
  end.pos = text.size();
  out.push_back(end);
  return out;
}

}  // namespace sockscope::capture::filter
