// Internal to capture/filter. The literal of an absolute time (frame.time) as Wireshark
// 4.0 reads it: ISO 8601 ("2023-11-14 22:13:20.5", "2023-11-14T22:13:20Z", a date alone
// is its midnight) or "Nov 14, 2023 22:13:20.123", in local time unless it ends in "Z"
// (ISO) or "UTC".
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
