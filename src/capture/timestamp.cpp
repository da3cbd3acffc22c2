#include "capture/timestamp.h"

#include <limits>

#include "capture/text_out.h"

namespace sockscope::capture {
namespace {

// 128-bit arithmetic for the conversions: (ticks % units) * 10^9 needs up to 94 bits.
__extension__ using u128 = unsigned __int128;
__extension__ using i128 = __int128;
constexpr std::int64_t kNsPerSec = 1000000000;

std::int64_t wrap_to_signed(std::uint64_t v) {
  return static_cast<std::int64_t>(v);  // modular since C++20, as time_t casts are in C
}

}  // namespace

Timestamp from_ticks(std::uint64_t ticks, std::uint8_t tsresol) {
  const unsigned exponent = tsresol & 0x7fu;
  u128 units = 1;
  if (tsresol & 0x80) {
    units = u128{1} << exponent;
  } else {
    // 10^38 is the largest power of ten in 128 bits; a finer clock makes every stamp 0.
    if (exponent > 38) return {};
    for (unsigned i = 0; i < exponent; ++i) units *= 10;
  }
  Timestamp t;
  t.sec = wrap_to_signed(static_cast<std::uint64_t>(ticks / units));
  t.nsec = static_cast<std::int32_t>(static_cast<u128>(ticks % units) * kNsPerSec / units);
  return t;
}

Timestamp from_ns(std::int64_t ns) {
  Timestamp t{ns / kNsPerSec, static_cast<std::int32_t>(ns % kNsPerSec)};
  if (t.nsec < 0) {
    t.nsec += static_cast<std::int32_t>(kNsPerSec);
    --t.sec;
  }
  return t;
}

Timestamp detail::wide_difference(const Timestamp& later, const Timestamp& earlier) {
  auto sub = [](std::int64_t a, std::int64_t b) {
    return wrap_to_signed(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
  };
  Timestamp d{sub(later.sec, earlier.sec), later.nsec - earlier.nsec};
  // Give the nanoseconds the sign of the seconds, as nstime_delta does.
  if (later.sec == earlier.sec) return {0, d.nsec};
  bool negative = later.sec < earlier.sec;
  if (negative && d.nsec > 0) {
    d.nsec -= static_cast<std::int32_t>(kNsPerSec);
    d.sec = sub(d.sec, -1);
  } else if (!negative && d.nsec < 0) {
    d.nsec += static_cast<std::int32_t>(kNsPerSec);
    d.sec = sub(d.sec, 1);
  }
  return d;
}

Timestamp sum(const Timestamp& a, const Timestamp& b) {
  auto add = [](std::int64_t x, std::int64_t y) {
    return wrap_to_signed(static_cast<std::uint64_t>(x) + static_cast<std::uint64_t>(y));
  };
  Timestamp s{add(a.sec, b.sec), a.nsec + b.nsec};
  if (s.nsec >= kNsPerSec || (s.nsec > 0 && s.sec < 0)) {
    s.nsec -= static_cast<std::int32_t>(kNsPerSec);
    s.sec = add(s.sec, 1);
  } else if (s.nsec <= -kNsPerSec || (s.nsec < 0 && s.sec > 0)) {
    s.nsec += static_cast<std::int32_t>(kNsPerSec);
    s.sec = add(s.sec, -1);
  }
  return s;
}

Timestamp negated(const Timestamp& t) {
  return {wrap_to_signed(~static_cast<std::uint64_t>(t.sec) + 1), -t.nsec};
}

std::int64_t detail::wide_to_ns(const Timestamp& t) {
  const i128 ns = static_cast<i128>(t.sec) * kNsPerSec + t.nsec;
  const i128 max = std::numeric_limits<std::int64_t>::max();
  const i128 min = std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(ns > max ? max : ns < min ? min : ns);
}

double to_seconds(const Timestamp& t) {
  return static_cast<double>(t.sec) + static_cast<double>(t.nsec) / 1e9;
}

void append_seconds(std::string& out, const Timestamp& t, int digits) {
  const bool negative = t.sec < 0 || t.nsec < 0;
  if (negative) out.push_back('-');
  // The magnitude of INT64_MIN seconds only fits unsigned.
  std::uint64_t whole =
      negative ? 0 - static_cast<std::uint64_t>(t.sec) : static_cast<std::uint64_t>(t.sec);
  std::uint32_t frac = static_cast<std::uint32_t>(t.nsec < 0 ? -t.nsec : t.nsec);
  append_u64(out, whole);
  out.push_back('.');
  char buf[9];
  for (int i = digits; i < 9; ++i) frac /= 10;
  for (int i = digits - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  out.append(buf, static_cast<std::size_t>(digits));
}

}  // namespace sockscope::capture
