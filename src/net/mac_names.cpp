#include "net/mac_names.h"

#include "core/text.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace sockscope::net {
namespace {

std::uint64_t mac_value(const std::array<std::uint8_t, 6>& mac) {
  std::uint64_t v = 0;
  for (std::uint8_t b : mac) v = v << 8 | b;
  return v;
}

void append_hex(std::string& out, std::uint8_t b) {
  static const char* const kDigits = "0123456789abcdef";
  out.push_back(kDigits[b >> 4]);
  out.push_back(kDigits[b & 0xf]);
}

std::string read_file(const char* path) {
  std::ifstream in(path);
  if (!in) return {};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

void MacNames::add(std::string_view text) {
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    std::string_view addr = line.substr(0, tab), rest = line.substr(tab + 1);
    while (!rest.empty() && rest.front() == '\t') rest.remove_prefix(1);
    std::string_view name = rest.substr(0, rest.find('\t'));
    while (!name.empty() && (name.back() == ' ' || name.back() == '\r')) name.remove_suffix(1);
    if (name.empty()) continue;
    int bits = -1;
    if (const std::size_t slash = addr.find('/'); slash != std::string_view::npos) {
      bits = 0;
      for (char c : addr.substr(slash + 1)) {
        if (c < '0' || c > '9' || bits > 48) {
          bits = 99;
          break;
        }
        bits = bits * 10 + (c - '0');
      }
      addr = addr.substr(0, slash);
    }
    std::uint64_t value = 0;
    int bytes = 0;
    bool ok = true;
    for (std::size_t i = 0; i < addr.size() && ok; i += 3, ++bytes) {
      const int hi = hex_digit(addr[i]), lo = i + 1 < addr.size() ? hex_digit(addr[i + 1]) : -1;
      ok = hi >= 0 && lo >= 0 && bytes < 6 &&
           (i + 2 >= addr.size() || addr[i + 2] == ':' || addr[i + 2] == '-');
      value = value << 8 | static_cast<std::uint64_t>(hi << 4 | lo);
    }
    if (!ok || bytes == 0) continue;
    if (bits < 0) bits = bytes == 3 ? 24 : bytes == 6 ? 48 : -1;
    if (bits <= 0 || bits > 48) continue;  // (01-00-5E/25: the bits past the bytes are 0)
    value <<= 8 * (6 - bytes);             // the address as 48 bits
    const std::uint64_t prefix = value >> (48 - bits);
    names_.try_emplace(static_cast<std::uint64_t>(bits) << 48 | prefix, name);
    if (std::find(bits_.begin(), bits_.end(), bits) == bits_.end()) {
      bits_.push_back(bits);
      std::sort(bits_.rbegin(), bits_.rend());
    }
  }
}

const MacNames& MacNames::system() {
  static const MacNames table = [] {
    MacNames t;
    t.add(read_file("/usr/share/wireshark/wka"));
    t.add(read_file("/usr/share/wireshark/manuf"));
    return t;
  }();
  return table;
}

std::string MacNames::name(const std::array<std::uint8_t, 6>& mac) const {
  const std::uint64_t v = mac_value(mac);
  for (int bits : bits_) {
    auto it = names_.find(static_cast<std::uint64_t>(bits) << 48 | v >> (48 - bits));
    if (it == names_.end()) continue;
    std::string out = it->second;
    if (bits == 48) return out;
    out.push_back('_');
    if (bits == 24) {
      for (int i = 3; i < 6; ++i) {
        if (i > 3) out.push_back(':');
        append_hex(out, mac[static_cast<std::size_t>(i)]);
      }
      return out;
    }
    // the bytes after the prefix (the first masked to its bits), leading zeros dropped
    int first = bits / 8;
    std::array<std::uint8_t, 6> rest = mac;
    if (bits % 8 != 0) {
      auto& byte = rest[static_cast<std::size_t>(first)];
      byte = static_cast<std::uint8_t>(byte & (0xff >> (bits % 8)));
    }
    while (first < 5 && rest[static_cast<std::size_t>(first)] == 0) ++first;
    for (int i = first; i < 6; ++i) {
      if (i > first) out.push_back(':');
      append_hex(out, rest[static_cast<std::size_t>(i)]);
    }
    return out;
  }
  return {};
}

}  // namespace sockscope::net
