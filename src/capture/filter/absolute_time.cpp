// Wireshark 4.0's absolute_val_from_string() (epan/ftypes/ftype-time.c), read off
// tshark 4.0.17's answers:
//  1. ISO 8601 (wsutil's iso8601_to_nstime), which must take the whole text. It reads
//     with sscanf, so its numbers take what sscanf takes (leading spaces, a sign); its
//     fraction is "%u" scaled by how many characters it took (ten digits or more are
//     not scaled, a value of 10^9 or more is 0); the date and clock must pass
//     tm_is_valid (seconds up to 60, days per month with its leap-year test applied
//     to the year less 1900); it may end in "Z" or an offset "+hh[[:]mm]".
//  2. Else the legacy forms, read by strptime: "Mon dd, yyyy hh:mm:ss", or
//     "yyyy-mm-dd[ hh[:mm[:ss]]]" (seconds up to 61), an optional fraction of at
//     most nine digits after the seconds, spaces, and "UTC" or nothing.
// Local time unless a zone is given. Years outside 1900-2100 are refused (tshark reads
// some of them oddly).
#include "capture/filter/absolute_time.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <ctime>

namespace sockscope::capture::filter {
namespace {

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// What sscanf's %d / %u conversion takes at `i`: spaces, a sign, digits, at most
// `width` characters after the spaces (0: no limit).
struct Scanned {
  std::uint64_t magnitude = 0;
  bool negative = false;
  bool overflow = false;  // past 2^64: strtoul's ULONG_MAX
  std::size_t end = 0;    // the index after the last character taken

  // The int a %d or %u conversion of a small number stores.
  int as_int() const {
    return negative ? -static_cast<int>(magnitude) : static_cast<int>(magnitude);
  }
  // The unsigned int a %u conversion stores: strtoul's value cut to 32 bits.
  std::uint32_t as_u32() const {
    if (overflow) return UINT32_MAX;
    return static_cast<std::uint32_t>(negative ? 0 - magnitude : magnitude);
  }
};

std::optional<Scanned> scan_integer(std::string_view s, std::size_t i, std::size_t width) {
  while (i < s.size() && is_space(s[i])) ++i;
  Scanned n;
  std::size_t left = width == 0 ? SIZE_MAX : width;
  if (i < s.size() && left > 0 && (s[i] == '+' || s[i] == '-')) {
    n.negative = s[i] == '-';
    ++i;
    --left;
  }
  const std::size_t digits_start = i;
  while (i < s.size() && left > 0 && is_digit(s[i])) {
    const auto d = static_cast<std::uint64_t>(s[i] - '0');
    if (n.magnitude > (UINT64_MAX - d) / 10) n.overflow = true;
    if (!n.overflow) n.magnitude = n.magnitude * 10 + d;
    ++i;
    --left;
  }
  if (i == digits_start) return std::nullopt;
  n.end = i;
  return n;
}

std::optional<AbsoluteTime> to_time(std::tm tm, bool utc, std::int64_t offset_secs,
                                    std::int64_t ns) {
  if (tm.tm_year < 0 || tm.tm_year > 200) return std::nullopt;  // 1900-2100
  tm.tm_isdst = -1;  // let the zone's rules say whether daylight saving applies
  const std::time_t secs = utc ? timegm(&tm) : std::mktime(&tm);
  return AbsoluteTime{static_cast<std::int64_t>(secs) + offset_secs, static_cast<std::int32_t>(ns)};
}

// wsutil's tm_is_valid, with its isleap() given tm_year (years since 1900) as it is:
// 2000 is no leap year there, 1900 is.
bool tm_is_valid(const std::tm& tm) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (tm.tm_mon < 0 || tm.tm_mon > 11) return false;
  const int y = tm.tm_year;
  const bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
  const int days = tm.tm_mon == 1 && leap ? 29 : kDays[static_cast<std::size_t>(tm.tm_mon)];
  if (tm.tm_mday < 0 || tm.tm_mday > days) return false;
  return tm.tm_hour >= 0 && tm.tm_hour <= 23 && tm.tm_min >= 0 && tm.tm_min <= 59 &&
         tm.tm_sec >= 0 && tm.tm_sec <= 60;
}

// The ISO 8601 form, only if it takes the whole text.
std::optional<AbsoluteTime> iso8601(std::string_view s) {
  std::tm tm{};
  std::size_t i = 0;
  for (; i < 4; ++i) {
    if (i >= s.size() || !is_digit(s[i])) return std::nullopt;
    tm.tm_year = tm.tm_year * 10 + (s[i] - '0');
  }
  tm.tm_year -= 1900;
  if (i >= s.size() || s[i] != '-') return std::nullopt;
  ++i;
  // "%2u-%2u", "%2u:%2u" and ":%2u": a number, a literal, a number
  auto pair = [&](char sep, int& a, int& b) {
    const auto first = scan_integer(s, i, 2);
    if (!first || first->end >= s.size() || s[first->end] != sep) return false;
    const auto second = scan_integer(s, first->end + 1, 2);
    if (!second) return false;
    a = static_cast<int>(first->as_u32());
    b = static_cast<int>(second->as_u32());
    i = second->end;
    return true;
  };
  if (!pair('-', tm.tm_mon, tm.tm_mday)) return std::nullopt;
  --tm.tm_mon;
  if (i >= s.size() || (s[i] != 'T' && s[i] != ' ')) return std::nullopt;
  ++i;
  if (!pair(':', tm.tm_hour, tm.tm_min)) return std::nullopt;
  std::int64_t ns = 0;
  if (i < s.size() && s[i] == ':') {
    const auto sec = scan_integer(s, i + 1, 2);
    if (!sec) return std::nullopt;
    tm.tm_sec = static_cast<int>(sec->as_u32());
    i = sec->end;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      if (const auto frac = scan_integer(s, i, 0)) {
        std::uint32_t f = frac->as_u32();
        const std::size_t chars = frac->end - i;  // spaces and sign included, as %n counts
        if (f >= 1'000'000'000U) f = 0;
        for (std::size_t k = chars; k < 9 && f != 0; ++k) f *= 10;
        ns = f;
        i = frac->end;
      }
    }
  }
  if (!tm_is_valid(tm)) return std::nullopt;
  bool utc = false;
  std::int64_t offset = 0;
  if (i < s.size() && s[i] == 'Z') {
    utc = true;
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const char sign = s[i];
    if (const auto hours = scan_integer(s, i, 3)) {
      utc = true;
      i = hours->end;
      int minutes = 0;
      const bool colon = i < s.size() && s[i] == ':';
      if (const auto m = scan_integer(s, colon ? i + 1 : i, 2)) {
        minutes = m->as_int();
        i = m->end;
      }
      // as wsutil applies them: "-hh" adds hh hours back, and the minutes follow the sign
      const std::int64_t h = hours->as_int();
      offset = sign == '+' ? -(h * 3600 + minutes * 60) : -h * 3600 + minutes * 60;
    }
  }
  if (i != s.size()) return std::nullopt;
  return to_time(tm, utc, offset, ns);
}

// strptime with the conversions the legacy forms use (glibc's rules: a number may follow
// spaces and has at most its width of digits, a space in the format takes any number of
// spaces, anything else must match).
bool strptime_like(std::string_view s, std::size_t& i, std::string_view format, std::tm& tm) {
  for (std::size_t f = 0; f < format.size(); ++f) {
    const char c = format[f];
    if (c == ' ') {
      while (i < s.size() && is_space(s[i])) ++i;
      continue;
    }
    if (c != '%') {
      if (i >= s.size() || s[i] != c) return false;
      ++i;
      continue;
    }
    int lo = 0, hi = 0, width = 2;
    int* out = nullptr;
    switch (format[++f]) {
      case 'Y':
        lo = 0, hi = 9999, width = 4, out = &tm.tm_year;
        break;
      case 'm':
        lo = 1, hi = 12, out = &tm.tm_mon;
        break;
      case 'd':
        lo = 1, hi = 31, out = &tm.tm_mday;
        break;
      case 'H':
        lo = 0, hi = 23, out = &tm.tm_hour;
        break;
      case 'M':
        lo = 0, hi = 59, out = &tm.tm_min;
        break;
      case 'S':
        lo = 0, hi = 61, out = &tm.tm_sec;
        break;
      default:
        return false;
    }
    while (i < s.size() && is_space(s[i])) ++i;
    if (i >= s.size() || !is_digit(s[i])) return false;
    int value = 0;
    do {
      value = value * 10 + (s[i++] - '0');
    } while (--width > 0 && value * 10 <= hi && i < s.size() && is_digit(s[i]));
    if (value < lo || value > hi) return false;
    *out = value;
  }
  if (format.find("%Y") != std::string_view::npos) tm.tm_year -= 1900;
  if (format.find("%m") != std::string_view::npos) tm.tm_mon -= 1;
  return true;
}

int month_index(std::string_view abbr) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    bool same = true;
    for (std::size_t k = 0; k < 3; ++k)
      same = same && std::tolower(static_cast<unsigned char>(abbr[k])) == kMonths[m][k];
    if (same) return static_cast<int>(m);
  }
  return -1;
}

std::optional<AbsoluteTime> legacy(std::string_view s, std::string& error) {
  if (s.size() < 8) return std::nullopt;
  std::tm tm{};
  std::size_t i = 0;
  bool read = false, has_seconds = true;
  if (s[3] == ' ') {
    if (const int month = month_index(s.substr(0, 3)); month >= 0) {
      i = 4;
      tm.tm_mon = month;
      read = strptime_like(s, i, "%d, %Y %H:%M:%S", tm);
      tm.tm_mon = month;
    }
  }
  for (std::string_view form : {"%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H", "%Y-%m-%d"}) {
    if (read) break;
    tm = std::tm{};
    i = 0;
    read = strptime_like(s, i, form, tm);
    has_seconds = form.find("%S") != std::string_view::npos;
  }
  if (!read) return std::nullopt;
  std::int64_t ns = 0;
  if (i < s.size() && s[i] == '.') {
    if (!has_seconds) {
      error = "Subsecond precision requires a seconds field.";
      return std::nullopt;
    }
    ++i;
    if (i >= s.size() || !is_digit(s[i])) {
      error = "Subseconds value is not a number.";
      return std::nullopt;
    }
    int digits = 0;
    for (; i < s.size() && is_digit(s[i]); ++i, ++digits)
      if (digits < 9) ns = ns * 10 + (s[i] - '0');
    if (digits > 9) {
      error = "Subseconds value is invalid.";
      return std::nullopt;
    }
    for (int d = digits; d < 9; ++d) ns *= 10;
  }
  while (i < s.size() && is_space(s[i])) ++i;
  const std::string_view rest = s.substr(i);
  if (!rest.empty() && rest != "UTC") {
    error = "Unexpected data after time value.";
    return std::nullopt;
  }
  return to_time(tm, !rest.empty(), 0, ns);
}

}  // namespace

std::optional<AbsoluteTime> parse_absolute_time(std::string_view text, std::string& error) {
  error.clear();
  if (auto t = iso8601(text)) return t;
  if (auto t = legacy(text, error)) return t;
  if (error.empty()) {
    // one piece at a time: GCC 12 warns (-Wrestrict, wrongly) on string concatenation here
    static constexpr std::string_view kExample =
        "\" is not a valid absolute time. Example: \"Nov 12, 1999 08:55:44.123\" or "
        "\"2011-07-04 12:34:56\"";
    error.reserve(text.size() + kExample.size() + 1);
    error.push_back('"');
    for (char ch : text) error.push_back(ch);
    for (char ch : kExample) error.push_back(ch);
  }
  return std::nullopt;
}

}  // namespace sockscope::capture::filter
