// Internal to capture/filter/. An unquoted value on the right of a byte or protocol
// field (`frame contains 6b`, `eth.dst == ff:ff:ff:ff:ff:ff`, `udp.payload == aa.bb.cc`)
// read exactly as Wireshark 4.0 reads it: hex digits, alone or in pairs or fours,
// separated by ':', '.' or '-'; a leading ':' forces bytes; `0x` and two digits is one
// byte. Anything else is refused (a quoted "string" is text, and is not read here).
#pragma once

#include <cstddef>
#include <string>

namespace sockscope::capture::filter {

// The bytes `word` stands for. Throws FilterError at `pos` (the word's offset in the
// filter) naming the fault as tshark does.
std::string parse_byte_literal(const std::string& word, std::size_t pos);

}  // namespace sockscope::capture::filter
