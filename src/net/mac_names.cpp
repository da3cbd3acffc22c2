#include "net/mac_names.h"

#include "core/text.h"
#include "net/manuf_index.h"

#include <algorithm>
#include <fstream>
#include <mutex>
#include <unordered_set>

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

struct MacNames::Deferred {
  explicit Deferred(ManufIndex i) : index(std::move(i)) {}
  ManufIndex index;
  std::mutex mutex;
  std::unordered_set<std::uint32_t> asked;   // vendor prefixes of addresses named so far
  std::unordered_set<std::uint32_t> parsed;  // prefixes whose lines were parsed

  // Parses the lines of every key name() may look up for an address with this vendor
  // prefix: the prefix's own (whole addresses, ranges cut at 24 bits or more, the vendor)
  // and those of the prefix cut to 23 ... 0 bits (ranges found by their value at short
  // cuts). A key's first three bytes are its line's (ManufIndex), so no other line can
  // hold one of them.
  void load(std::uint32_t prefix, Tables& tables) {
    if (!asked.insert(prefix).second) return;
    for (int bits = 24; bits >= 0; --bits) {
      const std::uint32_t cut = prefix & (0xffffffu << (24 - bits)) & 0xffffffu;
      if (parsed.insert(cut).second) tables.add(index.lines(cut));
    }
  }
};

MacNames::MacNames() = default;
MacNames::~MacNames() = default;
MacNames::MacNames(MacNames&&) noexcept = default;
MacNames& MacNames::operator=(MacNames&&) noexcept = default;

void MacNames::add(std::string_view text) {
  parse_deferred();
  tables_.add(text);
}

void MacNames::add_sorted(std::string text) {
  parse_deferred();
  ManufIndex index(std::move(text));
  if (index.sorted())
    deferred_ = std::make_unique<Deferred>(std::move(index));
  else
    tables_.add(index.text());
}

void MacNames::parse_deferred() {
  if (!deferred_) return;
  // What was parsed already is parsed again and kept (the first of equal keys wins), as
  // every key of a line comes from that line alone.
  tables_.add(deferred_->index.text());
  deferred_.reset();
}

bool MacNames::empty() const {
  return tables_.whole.empty() && tables_.vendors.empty() && tables_.ranges.empty() &&
         (!deferred_ || deferred_->index.empty());
}

void MacNames::Tables::add(std::string_view text) {
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
    const std::size_t name_end = rest.find('\t');
    std::string_view name = rest.substr(0, name_end);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\r')) name.remove_suffix(1);
    if (name.empty()) continue;
    // the long name, after the short one's tab(s)
    std::string_view long_name =
        name_end == std::string_view::npos ? std::string_view{} : rest.substr(name_end);
    while (!long_name.empty() && long_name.front() == '\t') long_name.remove_prefix(1);
    long_name = long_name.substr(0, long_name.find('\t'));
    while (!long_name.empty() && (long_name.back() == ' ' || long_name.back() == '\r'))
      long_name.remove_suffix(1);
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
      vendors.try_emplace(static_cast<std::uint32_t>(value), name);
      vendor_long_names.try_emplace(static_cast<std::uint32_t>(value),
                                    long_name.empty() ? name : long_name);
      continue;
    }
    if (bits < 0) bits = bytes == 6 ? 48 : -1;
    if (bits < 0 || bits > 48) continue;  // (01-00-5E/25: the bits past the bytes are 0)
    value <<= 8 * (6 - bytes);            // the address as 48 bits
    if (bits == 48) {
      whole.try_emplace(value, name);
      continue;
    }
    ranges.try_emplace(value & top_bits(bits), name);
  }
}

const MacNames& MacNames::system() {
  static const MacNames table = [] {
    MacNames t;
    t.add(read_file("/usr/share/wireshark/wka"));
    t.add_sorted(read_file("/usr/share/wireshark/manuf"));
    return t;
  }();
  return table;
}

std::string MacNames::vendor_long_name(std::uint32_t prefix) const {
  std::unique_lock<std::mutex> lock;
  if (deferred_) {
    lock = std::unique_lock(deferred_->mutex);
    deferred_->load(prefix & 0xffffffu, tables_);
  }
  const auto it = tables_.vendor_long_names.find(prefix & 0xffffffu);
  return it == tables_.vendor_long_names.end() ? std::string{} : it->second;
}

std::string MacNames::name(const std::array<std::uint8_t, 6>& mac) const {
  const std::uint64_t v = mac_value(mac);
  std::unique_lock<std::mutex> lock;
  if (deferred_) {
    lock = std::unique_lock(deferred_->mutex);
    deferred_->load(static_cast<std::uint32_t>(v >> 24), tables_);
  }
  // (no structured binding: clang 14, the fuzz build's compiler, cannot capture one)
  const auto& whole = tables_.whole;
  const auto& vendors = tables_.vendors;
  const auto& ranges = tables_.ranges;
  if (auto it = whole.find(v); it != whole.end()) return it->second;
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
    auto it = ranges.find(v & top_bits(bits));
    return it == ranges.end() ? nullptr : &it->second;
  };
  for (int bits = 47; bits >= 24; --bits)
    if (const std::string* name = range(bits)) return named(*name, bits);
  if (auto it = vendors.find(static_cast<std::uint32_t>(v >> 24)); it != vendors.end())
    return named(it->second, 24);
  for (int bits = 23; bits >= 0; --bits)
    if (const std::string* name = range(bits)) return named(*name, bits);
  return {};
}

}  // namespace sockscope::net
