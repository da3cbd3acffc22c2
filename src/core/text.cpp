#include "core/text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace sockscope {

std::string escape_nonprintable(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) {
    auto u = static_cast<unsigned char>(c);
    if (u == '\n') {
      out += "\\n";
    } else if (u == '\r') {
      out += "\\r";
    } else if (u == '\t') {
      out += "\\t";
    } else if (u == '\\') {
      out += "\\\\";
    } else if (u >= 0x20 && u < 0x7f) {
      out += c;
    } else {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    }
  }
  return out;
}

void to_upper_ascii(std::span<char> bytes) {
  for (char& c : bytes) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
}

std::string to_upper_ascii(std::string_view bytes) {
  std::string out(bytes);
  to_upper_ascii(std::span<char>(out.data(), out.size()));
  return out;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto u = static_cast<unsigned char>(text[i]);
    std::size_t width = u < 0x80           ? 1
                        : (u >> 5) == 0x6  ? 2
                        : (u >> 4) == 0xe  ? 3
                        : (u >> 3) == 0x1e ? 4
                                           : 1;
    bool valid = i + width <= text.size();
    for (std::size_t k = 1; valid && k < width; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
    }
    i += valid ? width : 1;
    ++count;
  }
  return count;
}

bool parse_decimal(std::string_view text, long long min, long long max, long long& out) {
  if (text.empty() || text.front() == '+' || text.front() == '-') return false;
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  if (value < min || value > max) return false;
  out = value;
  return true;
}

std::string format_seconds(std::chrono::nanoseconds d) {
  double s = std::chrono::duration<double>(d).count();
  char buf[64];
  if (s == std::floor(s)) {
    std::snprintf(buf, sizeof(buf), "%.0f", s);
  } else {
    std::snprintf(buf, sizeof(buf), "%g", s);
  }
  return buf;
}

bool parse_seconds(std::string_view text, double& out) {
  if (text.empty()) return false;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  if (!std::isfinite(value) || value <= 0) return false;
  out = value;
  return true;
}

}  // namespace sockscope
