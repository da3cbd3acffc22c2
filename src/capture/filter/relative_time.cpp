#include "capture/filter/relative_time.h"

#include <cctype>
#include <cstdint>

namespace sockscope::capture::filter {
namespace {

constexpr std::int32_t kNsPerSec = 1000000000;

bool digit(char c) {
  return c >= '0' && c <= '9';
}

// strtoul(s, &end, 10) from `pos`: leading white space and one sign are taken, a value
// past 2^64 - 1 is 2^64 - 1, a minus negates in unsigned arithmetic. Returns where the
// digits end, or `pos` itself when there are none.
std::size_t read_unsigned(std::string_view s, std::size_t pos, std::uint64_t& value) {
  std::size_t i = pos;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])) != 0) ++i;
  bool minus = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) minus = s[i++] == '-';
  if (i >= s.size() || !digit(s[i])) return pos;
  value = 0;
  bool overflow = false;
  for (; i < s.size() && digit(s[i]); ++i) {
    const auto d = static_cast<std::uint64_t>(s[i] - '0');
    if (value > (UINT64_MAX - d) / 10) overflow = true;
    value = value * 10 + d;
  }
  if (overflow) return value = UINT64_MAX, i;
  if (minus) value = ~value + 1;
  return i;
}

// get_nsecs: the first run of digits, the first the tenths; false when a non-zero digit
// stands past the ninth.
bool read_nanoseconds(std::string_view s, std::int32_t& ns) {
  std::size_t n = 0;
  while (n < s.size() && digit(s[n])) ++n;
  ns = 0;
  std::int32_t scale = kNsPerSec / 10;
  for (std::size_t i = 0; i < n; ++i, scale /= 10) {
    const int d = s[i] - '0';
    if (d == 0) continue;
    if (scale == 0) return false;
    ns += d * scale;
  }
  return true;
}

}  // namespace

std::optional<Timestamp> parse_relative_time(std::string_view text) {
  std::size_t pos = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++pos;
  Timestamp t;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
  } else {
    std::uint64_t secs = 0;
    const std::size_t end = read_unsigned(text, pos, secs);
    if (end == pos || (end < text.size() && text[end] != '.')) return std::nullopt;
    t.sec = static_cast<std::int64_t>(secs);
    pos = end < text.size() ? end + 1 : end;
  }
  if (pos < text.size() && !read_nanoseconds(text.substr(pos), t.nsec)) return std::nullopt;
  return negative ? negated(t) : t;
}

int time_order(const Timestamp& a, const Timestamp& b) {
  if (a.sec == b.sec) return a.nsec < b.nsec ? -1 : a.nsec > b.nsec ? 1 : 0;
  const auto d = static_cast<std::int32_t>(static_cast<std::uint32_t>(
      static_cast<std::uint64_t>(a.sec) - static_cast<std::uint64_t>(b.sec)));
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

}  // namespace sockscope::capture::filter
