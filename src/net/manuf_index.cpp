#include "net/manuf_index.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace sockscope::net {
namespace {

// Upper-case only: the order check compares values, and a line in another spelling is
// left to the whole parse rather than reasoned about here.
int upper_hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `count` bytes "HH:HH:..." at `p` (the caller checked the length), or -1.
std::int64_t colon_hex_bytes(const char* p, int count) {
  std::int64_t value = 0;
  for (int i = 0; i < count; ++i, p += 3) {
    const int hi = upper_hex_digit(p[0]), lo = upper_hex_digit(p[1]);
    if (hi < 0 || lo < 0 || (i + 1 < count && p[2] != ':')) return -1;
    value = value << 8 | (hi << 4 | lo);
  }
  return value;
}

// The first three bytes of an understood line's address, or -1 (see build()).
std::int64_t line_prefix(std::string_view line) {
  if (line.size() < 9) return -1;
  const std::int64_t prefix = colon_hex_bytes(line.data(), 3);
  std::size_t i = 8;
  if (prefix < 0) return -1;
  if (line[i] == ':') {  // a whole address, or a range of one
    if (line.size() < 18 || colon_hex_bytes(line.data() + 9, 3) < 0) return -1;
    i = 17;
  }
  if (line[i] == '/') {  // bits 24..48: the key keeps the first three bytes whole
    int bits = 0, digits = 0;
    for (++i; i < line.size() && line[i] >= '0' && line[i] <= '9' && digits < 2; ++i, ++digits)
      bits = bits * 10 + (line[i] - '0');
    if (digits == 0 || bits < 24 || bits > 48 || i >= line.size()) return -1;
  }
  return line[i] == '\t' ? prefix : -1;
}

}  // namespace

ManufIndex::ManufIndex(std::string text) : text_(std::move(text)) {
  if (text_.size() >= std::numeric_limits<std::uint32_t>::max()) return;
  std::int64_t last = -1;
  const char* const begin = text_.data();
  const char* const end = begin + text_.size();
  for (const char* p = begin; p < end;) {
    const char* eol =
        static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    if (eol == nullptr) eol = end;
    const std::string_view line(p, static_cast<std::size_t>(eol - p));
    const auto offset = static_cast<std::uint32_t>(p - begin);
    p = eol + 1;
    if (line.empty() || line.front() == '#') continue;
    const std::int64_t prefix = line_prefix(line);
    if (prefix < 0 || prefix < last) {
      starts_.clear();
      return;
    }
    if (prefix > last) starts_.push_back({static_cast<std::uint32_t>(prefix), offset});
    last = prefix;
  }
  sorted_ = true;
}

std::string_view ManufIndex::lines(std::uint32_t prefix) const {
  const auto it = std::lower_bound(starts_.begin(), starts_.end(), prefix,
                                   [](const Start& s, std::uint32_t p) { return s.prefix < p; });
  if (it == starts_.end() || it->prefix != prefix) return {};
  const std::uint32_t stop =
      it + 1 == starts_.end() ? static_cast<std::uint32_t>(text_.size()) : (it + 1)->offset;
  return std::string_view(text_).substr(it->offset, stop - it->offset);
}

}  // namespace sockscope::net
