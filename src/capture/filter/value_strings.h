// The names tshark 4.0 accepts in place of an integer field's number (its value_string:
// `arp.opcode == request`, `eth.type == IPv4`) or a boolean's (`tcp.flags.syn == Set`),
// from scripts/gen-value-strings' table.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sockscope::capture::filter {

// Whether the field has names at all (else a word in its place is no value of it).
bool has_value_names(std::string_view field);
// The value of the field's first name equal to `name`, ignoring ASCII case, as
// Wireshark's lookup does; nullopt when none is.
std::optional<std::uint64_t> value_of_name(std::string_view field, std::string_view name);

}  // namespace sockscope::capture::filter
