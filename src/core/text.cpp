#include "core/text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace sockscope {

namespace {

void append_hex_escape(std::string& out, unsigned char u) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[u >> 4];
  out += kHex[u & 0xf];
}

// One byte as escape_nonprintable() writes it.
void append_escaped(std::string& out, unsigned char u) {
  if (u == '\n') {
    out += "\\n";
  } else if (u == '\r') {
    out += "\\r";
  } else if (u == '\t') {
    out += "\\t";
  } else if (u == '\\') {
    out += "\\\\";
  } else if (u >= 0x20 && u < 0x7f) {
    out += static_cast<char>(u);
  } else {
    append_hex_escape(out, u);
  }
}

}  // namespace

std::string escape_nonprintable(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) append_escaped(out, static_cast<unsigned char>(c));
  return out;
}

std::string printable_utf8(std::string_view text, LineBreaks breaks) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto u = static_cast<unsigned char>(text[i]);
    std::size_t width = utf8_sequence_at(text, i);
    if (width == 1 && breaks == LineBreaks::kEscape) {
      append_escaped(out, u);
      ++i;
      continue;
    }
    bool control = width == 1 && ((u < 0x20 && u != '\n' && u != '\t') || u == 0x7f);
    // C1 controls (U+0080..U+009F, e.g. the one-byte CSI) drive terminals too.
    bool c1 = width == 2 && u == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0;
    if (width == 0 || control || c1) {
      append_hex_escape(out, u);
      ++i;
      continue;
    }
    out.append(text.substr(i, width));
    i += width;
  }
  return out;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
          out += ' ';
        } else {
          out += c;
        }
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

std::size_t utf8_lead_width(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xe) return 3;
  if ((lead >> 3) == 0x1e) return 4;
  return 0;
}

std::size_t utf8_sequence_at(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t width = utf8_lead_width(lead);
  if (width == 0 || i + width > text.size()) return 0;
  for (std::size_t k = 1; k < width; ++k) {
    if (!utf8_is_continuation(text[i + k])) return 0;
  }
  // RFC 3629's well-formed sequences only: no overlong forms (C0, C1, E0 below A0, F0
  // below 90), no surrogates (ED A0..BF), nothing past U+10FFFF (F4 above 8F, F5..F7),
  // which a terminal or a UTF-8 reader would not take as the character it seems to be.
  const auto second = static_cast<unsigned char>(text[i + (width > 1 ? 1 : 0)]);
  if (width == 2 && lead < 0xc2) return 0;
  if (width == 3 && ((lead == 0xe0 && second < 0xa0) || (lead == 0xed && second > 0x9f))) return 0;
  if (width == 4 &&
      ((lead == 0xf0 && second < 0x90) || (lead == 0xf4 && second > 0x8f) || lead > 0xf4))
    return 0;
  return width;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    std::size_t width = utf8_sequence_at(text, i);
    i += width == 0 ? 1 : width;
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
