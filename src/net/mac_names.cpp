#include "net/mac_names.h"

#include "core/text.h"

#include <algorithm>
#include <fstream>

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

// The first `bits` (0..48) of a 48-bit address.
std::uint64_t top_bits(int bits) {
  constexpr std::uint64_t kAll = (std::uint64_t{1} << 48) - 1;
  return kAll & ~((std::uint64_t{1} << (48 - bits)) - 1);
}

// In one read of its size: through a stringstream, manuf's 2 MB were copied several
// times as the buffer grew, a third of `read`'s start-up on a small capture.
std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return {};
  const std::streamoff size = in.tellg();
  if (size <= 0) return {};
  std::string text(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  in.read(text.data(), size);
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
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
    if (bits < 0 && bytes == 3) {  // a vendor prefix
      vendors_.try_emplace(static_cast<std::uint32_t>(value), name);
      continue;
    }
    if (bits < 0) bits = bytes == 6 ? 48 : -1;
    if (bits < 0 || bits > 48) continue;  // (01-00-5E/25: the bits past the bytes are 0)
    value <<= 8 * (6 - bytes);            // the address as 48 bits
    if (bits == 48) {
      whole_.try_emplace(value, name);
      continue;
    }
    ranges_.try_emplace(value & top_bits(bits), name);
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
  if (auto it = whole_.find(v); it != whole_.end()) return it->second;
  // The name and the bytes from the one the cut falls in (masked to the bits left of it).
  const auto named = [&mac](const std::string& name, int bits) {
    std::string out = name;
    out.push_back('_');
    const int first = bits / 8;
    for (int i = first; i < 6; ++i) {
      if (i > first) out.push_back(':');
      const auto byte = mac[static_cast<std::size_t>(i)];
      append_hex(out, static_cast<std::uint8_t>(i == first ? byte & (0xff >> (bits % 8)) : byte));
    }
    return out;
  };
  const auto range = [&](int bits) -> const std::string* {
    auto it = ranges_.find(v & top_bits(bits));
    return it == ranges_.end() ? nullptr : &it->second;
  };
  for (int bits = 47; bits >= 24; --bits)
    if (const std::string* name = range(bits)) return named(*name, bits);
  if (auto it = vendors_.find(static_cast<std::uint32_t>(v >> 24)); it != vendors_.end())
    return named(it->second, 24);
  for (int bits = 23; bits >= 0; --bits)
    if (const std::string* name = range(bits)) return named(*name, bits);
  return {};
}

}  // namespace sockscope::net
