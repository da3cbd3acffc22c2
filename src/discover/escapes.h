// Public. Bytes written as text: the escapes of fingerprint payloads and hex strings
// (--payload), the two ways a user writes a probe.
#pragma once

#include <string>
#include <string_view>

namespace sockscope::discover {

// \r \n \t \0 \\ and \xHH become their bytes; anything else after a backslash fails,
// with that escape in `bad`.
bool decode_escapes(std::string_view text, std::string& out, std::string& bad);

// "00ff10" (either case, even length, nothing else) as bytes; false otherwise.
bool decode_hex(std::string_view text, std::string& out);

// Bytes as lower-case hex, two digits a byte.
std::string encode_hex(std::string_view bytes);

}  // namespace sockscope::discover
