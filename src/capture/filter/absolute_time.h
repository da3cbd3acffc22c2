// Internal to capture/filter. The literal of an absolute time (frame.time) as Wireshark
// 4.0 reads it: ISO 8601 ("2023-11-14 22:13:20.5", "2023-11-14T22:13:20+01:00") or the
// legacy forms ("2023-11-14 22:13", a date alone is its midnight, "Nov 14, 2023
// 22:13:20.123" with an optional " UTC"), in local time unless a zone is given; with
// sscanf's and strptime's quirks, as tshark has them (absolute_time.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sockscope::capture::filter {

struct AbsoluteTime {
  std::int64_t secs = 0;   // since the Unix epoch
  std::int32_t nsecs = 0;  // 0..999,999,999
};

// The time the text names; nullopt with `error` set when it is not one. Years outside
// 1900-2100 are refused (tshark reads some of them oddly).
std::optional<AbsoluteTime> parse_absolute_time(std::string_view text, std::string& error);

}  // namespace sockscope::capture::filter
