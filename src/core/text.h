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

// ASCII upper-casing, byte for byte; bytes >= 0x80 pass unchanged (UTF-8 stays valid).
void to_upper_ascii(std::span<char> bytes);
std::string to_upper_ascii(std::string_view bytes);

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
