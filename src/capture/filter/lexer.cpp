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

}  // namespace

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
