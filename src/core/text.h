// Public. Small text helpers shared by every capability.
#pragma once

#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace sockscope {

// Bytes as a printable line: printable ASCII as is, \n \r \t as escapes, anything else
// as \xNN. Never returns a control character, so peer data cannot drive the terminal.
std::string escape_nonprintable(std::string_view bytes);

// Peer text made safe for a terminal but readable: well-formed UTF-8 passes ("café"),
// control characters (C0, DEL, C1) and malformed bytes become \xNN. kEscape writes line
// breaks, tabs and backslashes the way escape_nonprintable() does, so the text stays on
// one line; kKeep lets \n and \t through (a message shown as a block).
enum class LineBreaks { kEscape, kKeep };
std::string printable_utf8(std::string_view text, LineBreaks breaks);

// Text for XML attributes and content (nmap XML, SVG): & < > " ' escaped; control
// characters other than tab and newline, which XML 1.0 forbids, become spaces.
std::string xml_escape(std::string_view text);

// The value of one hexadecimal digit (either case), or -1 for any other character.
inline int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// ASCII upper-casing, byte for byte; bytes >= 0x80 pass unchanged (UTF-8 stays valid).
void to_upper_ascii(std::span<char> bytes);
std::string to_upper_ascii(std::string_view bytes);

// UTF-8 structure, shared by every counter and printer of peer text: how long a
// sequence its lead byte announces (1 for ASCII, 2-4, or 0 for a byte that cannot start
// one), whether a byte continues one, and the length of the whole sequence at text[i]
// (0 when it is malformed, cut short, overlong, a surrogate or past U+10FFFF).
std::size_t utf8_lead_width(unsigned char lead);
inline bool utf8_is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}
std::size_t utf8_sequence_at(std::string_view text, std::size_t i);

// Number of UTF-8 code points; an invalid byte counts as one character.
std::size_t utf8_length(std::string_view text);

// Strict decimal parse of a whole string into [min, max]; false on anything else
// (sign, spaces, empty, overflow).
bool parse_decimal(std::string_view text, long long min, long long max, long long& out);

// Seconds for people: "30" for whole seconds, else the shortest form ("0.3").
std::string format_seconds(std::chrono::nanoseconds d);

// Seconds as a positive, finite double ("1.5"); false on anything else.
bool parse_seconds(std::string_view text, double& out);

}  // namespace sockscope
