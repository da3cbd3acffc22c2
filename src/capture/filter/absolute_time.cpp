// Wireshark 4.0's absolute_val_from_string() (epan/ftypes/ftype-time.c): ISO 8601 first
// (iso8601_to_nstime), then "%b %d, %Y %H:%M:%S" with an optional fraction of at most
// nine digits; either may end in "UTC" (ISO also in "Z"), else the time is local
// (mktime). Forms tshark accepts but reads oddly (a year of two digits, 61 seconds) are
// refused here rather than given another value.
#include "capture/filter/absolute_time.h"

#include <array>
#include <cctype>
#include <ctime>

namespace sockscope::capture::filter {
namespace {

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  bool take(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  // 1..max digits as a number; false (nothing taken) if none.
  bool number(int max_digits, int& out) {
    std::size_t start = i_;
    out = 0;
    while (!done() && std::isdigit(static_cast<unsigned char>(s_[i_])) &&
           i_ - start < static_cast<std::size_t>(max_digits))
      out = out * 10 + (s_[i_++] - '0');
    return i_ > start;
  }
  std::size_t skip_spaces() {
    std::size_t start = i_;
    while (!done() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
    return i_ - start;
  }
  std::string_view rest() const { return s_.substr(i_); }
  std::size_t pos() const { return i_; }
  void seek(std::size_t i) { i_ = i; }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

// The digits after a decimal sign, as nanoseconds (digits past the ninth are dropped).
std::int64_t fraction_ns(Cursor& c, int& digits) {
  std::int64_t ns = 0;
  digits = 0;
  while (std::isdigit(static_cast<unsigned char>(c.peek()))) {
    if (digits < 9) ns = ns * 10 + (c.peek() - '0');
    ++digits;
    c.take(c.peek());
  }
  for (int d = digits; d < 9; ++d) ns *= 10;
  return ns;
}

bool valid_clock(const std::tm& tm) {
  return tm.tm_hour <= 23 && tm.tm_min <= 59 && tm.tm_sec <= 59;
}

std::optional<AbsoluteTime> to_time(std::tm tm, bool utc, std::int64_t ns) {
  if (tm.tm_year < 0 || tm.tm_year > 200) return std::nullopt;  // 1900-2100
  tm.tm_isdst = -1;  // let the zone's rules say whether daylight saving applies
  const std::time_t secs = utc ? timegm(&tm) : std::mktime(&tm);
  return AbsoluteTime{static_cast<std::int64_t>(secs), static_cast<std::int32_t>(ns)};
}

// "UTC" with spaces around it, or nothing but spaces: whether the time is UTC, or
// nullopt if something else follows.
std::optional<bool> utc_suffix(Cursor& c) {
  c.skip_spaces();
  bool utc = false;
  if (c.rest().substr(0, 3) == "UTC") {
    utc = true;
    c.seek(c.pos() + 3);
    c.skip_spaces();
  }
  if (!c.done()) return std::nullopt;
  return utc;
}

std::optional<AbsoluteTime> iso8601(std::string_view text, bool& date_read) {
  Cursor c(text);
  std::tm tm{};
  int year = 0, month = 0, day = 0;
  const std::size_t year_start = c.pos();
  date_read = false;
  if (!c.number(4, year) || c.pos() - year_start != 4 || !c.take('-') || !c.number(2, month) ||
      !c.take('-') || !c.number(2, day))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  date_read = true;
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  std::int64_t ns = 0;
  bool utc = false;
  const std::size_t after_date = c.pos();
  if (c.take('T') || c.skip_spaces() > 0) {
    int hour = 0, minute = 0, second = 0;
    if (c.number(2, hour) && c.take(':') && c.number(2, minute)) {
      tm.tm_hour = hour;
      tm.tm_min = minute;
      if (c.take(':')) {
        if (!c.number(2, second)) return std::nullopt;
        tm.tm_sec = second;
        if (c.take('.') || c.take(',')) {
          int digits = 0;
          ns = fraction_ns(c, digits);
          if (digits > 9) return std::nullopt;  // tshark reads more digits oddly
        }
      }
      if (!valid_clock(tm)) return std::nullopt;
      utc = c.take('Z');
    } else {
      c.seek(after_date);  // a date alone, perhaps followed by " UTC"
    }
  }
  const std::optional<bool> suffix = utc_suffix(c);
  if (!suffix || (utc && *suffix)) return std::nullopt;
  return to_time(tm, utc || *suffix, ns);
}

std::optional<AbsoluteTime> month_day_year(std::string_view text, std::string& error) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (text.size() < 4) return std::nullopt;
  std::string abbr;
  for (char ch : text.substr(0, 3)) abbr.push_back(static_cast<char>(std::tolower(ch)));
  int month = -1;
  for (std::size_t m = 0; m < kMonths.size(); ++m)
    if (kMonths[m] == abbr) month = static_cast<int>(m);
  if (month < 0) return std::nullopt;
  Cursor c(text.substr(3));
  std::tm tm{};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0;
  c.skip_spaces();
  if (!c.number(2, day) || day < 1 || day > 31) return std::nullopt;
  c.skip_spaces();
  if (!c.take(',')) return std::nullopt;
  c.skip_spaces();
  const std::size_t year_start = c.pos();
  if (!c.number(4, year) || c.pos() - year_start != 4) return std::nullopt;
  c.skip_spaces();
  if (!c.number(2, hour) || !c.take(':') || !c.number(2, minute) || !c.take(':') ||
      !c.number(2, second))
    return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = month;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  if (!valid_clock(tm)) return std::nullopt;
  std::int64_t ns = 0;
  if (c.take('.')) {
    if (!std::isdigit(static_cast<unsigned char>(c.peek()))) return std::nullopt;
    int digits = 0;
    ns = fraction_ns(c, digits);
    if (digits > 9) {
      error = "Subseconds value is invalid";
      return std::nullopt;
    }
  }
  const std::optional<bool> utc = utc_suffix(c);
  if (!utc) return std::nullopt;
  return to_time(tm, *utc, ns);
}

}  // namespace

std::optional<AbsoluteTime> parse_absolute_time(std::string_view text, std::string& error) {
  error.clear();
  bool date_read = false;
  if (auto ns = iso8601(text, date_read)) return ns;
  if (!date_read)
    if (auto ns = month_day_year(text, error)) return ns;
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
