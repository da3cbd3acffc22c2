// Internal to capture/filter. Time offsets (Wireshark's FT_RELATIVE_TIME: frame.time_delta,
// frame.time_relative, frame.time_epoch, tcp.time_*, tcp.analysis.ack_rtt, ...) as
// Wireshark 4.0 reads their literals, adds them and orders them: exactly, in seconds and
// nanoseconds (nstime_t), never through a double.
#pragma once

#include <optional>
#include <string_view>

#include "capture/timestamp.h"

namespace sockscope::capture::filter {

// The offset a literal names, as relative_val_from_literal reads it: "[-]S[.F]", S read
// by strtoul (a "+" is taken; more than 2^64 - 1 is 2^64 - 1, and past 2^63 the seconds
// wrap negative), F its first run of digits (what follows them is ignored, "1.5e-3" is
// 1.5 s) with no non-zero digit past the ninth. nullopt when it is not one.
std::optional<Timestamp> parse_relative_time(std::string_view text);

// -1, 0, 1 as the sign of nstime_cmp(a, b): equal seconds compare their nanoseconds,
// otherwise the seconds' difference cast to a 32-bit int decides, so times more than 68
// years apart compare as tshark compares them.
int time_order(const Timestamp& a, const Timestamp& b);

}  // namespace sockscope::capture::filter
