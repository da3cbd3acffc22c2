// Public. A packet time as Wireshark keeps it (nstime_t): whole seconds and nanoseconds.
// A pcapng clock can count 2^64 microseconds (584,000 years), which int64 nanoseconds
// cannot hold (they end in 2262), so files with such stamps print what tshark prints
// instead of overflowing.
#pragma once

#include <cstdint>
#include <string>

namespace sockscope::capture {

struct Timestamp {
  std::int64_t sec = 0;
  // 0..999,999,999 for a point in time; for a difference, the sign of `sec` (Wireshark's
  // convention, so -0.5 s is {0, -500000000} and -1.5 s is {-1, -500000000}).
  std::int32_t nsec = 0;
  // Earlier first, for points and for differences alike (nsec shares the sign of sec).
  friend auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

// `ticks` of a clock running `units_per_second` times a second, as Wireshark converts
// them (seconds wrap into int64 like its time_t when the clock counts whole seconds).
// `exponent` is the pcapng if_tsresol byte: 10^-n, or 2^-n with the top bit set.
Timestamp from_ticks(std::uint64_t ticks, std::uint8_t tsresol);
Timestamp from_ns(std::int64_t ns);

// later - earlier, as Wireshark's nstime_delta; never undefined: seconds wrap in 64 bits.
Timestamp difference(const Timestamp& later, const Timestamp& earlier);

// Nanoseconds, clamped to int64's range (durations, filters, the pcap writer).
std::int64_t to_ns(const Timestamp& t);

// Seconds as a double (Wireshark's nstime_to_sec), for tables that print rounded times.
double to_seconds(const Timestamp& t);

// "12.000345" with `digits` fraction digits (1..9), "-0.000001" for negative differences.
void append_seconds(std::string& out, const Timestamp& t, int digits);

}  // namespace sockscope::capture
