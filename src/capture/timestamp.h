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

namespace detail {
// The general cases, in 128-bit or wrapping arithmetic, for clocks far from 1970.
Timestamp wide_difference(const Timestamp& later, const Timestamp& earlier);
std::int64_t wide_to_ns(const Timestamp& t);

// Seconds whose differences and nanosecond counts cannot overflow int64 (about 136
// years either side of 1970): every real capture. The decoder needs several of these a
// packet, so the common case is inline and the general one out of line.
constexpr std::int64_t kPlainSeconds = std::int64_t{1} << 32;
inline bool plain(const Timestamp& t) {
  return t.sec > -kPlainSeconds && t.sec < kPlainSeconds;
}
}  // namespace detail

// later - earlier, as Wireshark's nstime_delta; never undefined: seconds wrap in 64 bits.
inline Timestamp difference(const Timestamp& later, const Timestamp& earlier) {
  if (!detail::plain(later) || !detail::plain(earlier))
    return detail::wide_difference(later, earlier);
  std::int64_t sec = later.sec - earlier.sec;
  std::int32_t nsec = later.nsec - earlier.nsec;
  // The nanoseconds take the sign of the seconds, as nstime_delta gives them.
  if (sec > 0 && nsec < 0) {
    nsec += 1000000000;
    --sec;
  } else if (sec < 0 && nsec > 0) {
    nsec -= 1000000000;
    ++sec;
  }
  return {sec, nsec};
}

// a + b as Wireshark's nstime_sum, and -t as its time_unary_minus: seconds wrap in 64
// bits, so -INT64_MIN s stays INT64_MIN s, as it does there.
Timestamp sum(const Timestamp& a, const Timestamp& b);
Timestamp negated(const Timestamp& t);

// Nanoseconds, clamped to int64's range (durations, filters, the pcap writer).
inline std::int64_t to_ns(const Timestamp& t) {
  if (!detail::plain(t)) return detail::wide_to_ns(t);
  return t.sec * 1000000000 + t.nsec;
}

// Seconds as a double (Wireshark's nstime_to_sec), for tables that print rounded times.
double to_seconds(const Timestamp& t);

// "12.000345" with `digits` fraction digits (1..9), "-0.000001" for negative differences.
void append_seconds(std::string& out, const Timestamp& t, int digits);

}  // namespace sockscope::capture
