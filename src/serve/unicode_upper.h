// Public. Upper-casing as the lab servers do it: Python's str.upper() on the decoded
// message, i.e. Unicode's full case mapping (ICU, root locale), so "héllo straße"
// becomes "HÉLLO STRASSE" (one letter may become up to three, in up to three times the
// bytes). Bytes that are not well-formed UTF-8 pass through unchanged (Python would
// refuse to decode them); a character split across two reads is one such case.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace sockscope::serve {

// The longest an upper-cased text can be, per input byte (U+0390, 2 bytes -> 6).
inline constexpr std::size_t kUpperMaxGrowth = 3;

std::string to_upper_unicode(std::string_view utf8);

// The same without allocating in the common case: ASCII-only text is upper-cased in
// place and the view points into `bytes`; otherwise the result is built in `scratch`
// (which keeps its capacity for the next call) and the view points there.
std::string_view to_upper_unicode(std::span<char> bytes, std::string& scratch);

}  // namespace sockscope::serve
