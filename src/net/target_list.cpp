#include "net/target_list.h"

#include <algorithm>
#include <fstream>

#include "core/error.h"
#include "core/text.h"

namespace sockscope::net {
namespace {

// Joins pieces with append (GCC 12 misreads `"literal" + std::string` under -Wrestrict).
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out.append(p);
  return out;
}

[[noreturn]] void bad(std::string_view spec, std::string_view why) {
  throw usage_error(cat({"bad target '", spec, "': ", why}));
}

// One octet of an nmap range: "5", "1-20", "1,3,7-9", "*", "-" (0-255), "-9", "250-".
std::vector<std::uint8_t> parse_octet(std::string_view text, std::string_view spec) {
  std::vector<std::uint8_t> out;
  if (text.empty()) bad(spec, "empty address part");
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = text.substr(pos, comma - pos);
    long long lo = 0, hi = 0;
    if (part == "*") {
      lo = 0, hi = 255;
    } else if (auto dash = part.find('-'); dash != std::string_view::npos) {
      std::string_view a = part.substr(0, dash), b = part.substr(dash + 1);
      if (!a.empty() && !parse_decimal(a, 0, 255, lo)) bad(spec, cat({"'", a, "' is not 0-255"}));
      hi = 255;
      if (!b.empty() && !parse_decimal(b, 0, 255, hi)) bad(spec, cat({"'", b, "' is not 0-255"}));
      if (lo > hi) bad(spec, cat({"range '", part, "' runs backwards"}));
    } else {
      if (!parse_decimal(part, 0, 255, lo)) bad(spec, cat({"'", part, "' is not 0-255"}));
      hi = lo;
    }
    for (long long v = lo; v <= hi; ++v) out.push_back(static_cast<std::uint8_t>(v));
    pos = comma + 1;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool looks_like_ipv4_range(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ',' || c == '*';
  });
}

}  // namespace

Resolver system_resolver() {
  return [](std::string_view name) -> std::optional<IpAddress> {
    Resolution r = resolve(name, 0, Transport::kTcp);
    if (r.endpoints.empty()) return std::nullopt;
    return IpAddress::from_endpoint(r.endpoints.front());
  };
}

void TargetList::add(std::string_view spec, const Resolver& resolve) {
  if (spec.empty()) bad(spec, "empty");
  Range range;
  auto slash = spec.find('/');
  std::string_view host = spec.substr(0, slash);
  if (slash != std::string_view::npos) {
    long long bits = 0;
    std::string_view bits_text = spec.substr(slash + 1);
    std::optional<IpAddress> base;
    if (auto v4 = parse_ipv4_strict(host)) {
      base = IpAddress::from_endpoint(Endpoint::ipv4(*v4, 0));
    } else if (host.find(':') == std::string_view::npos && !looks_like_ipv4_range(host)) {
      base = resolve(host);
      if (!base) {
        unresolved_.emplace_back(host);
        return;
      }
    }
    if (!base || base->family != AF_INET)
      bad(spec, "CIDR needs an IPv4 address or host name before '/'");
    if (!parse_decimal(bits_text, 0, 32, bits))
      bad(spec, cat({"prefix length '", bits_text, "' is not 0-32"}));
    if (bits < 8) bad(spec, cat({"prefix /", bits_text, " is larger than /8"}));
    std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    range.cidr = true;
    range.base = base->v4_host_order() & mask;
    range.count = std::uint64_t{1} << (32 - bits);
  } else if (auto literal = parse_ip_literal(spec, 0)) {
    range.is_single = true;
    range.single = IpAddress::from_endpoint(*literal);
    range.count = 1;
  } else if (looks_like_ipv4_range(spec) && std::count(spec.begin(), spec.end(), '.') == 3) {
    std::size_t pos = 0;
    range.count = 1;
    for (int i = 0; i < 4; ++i) {
      std::size_t dot = i < 3 ? spec.find('.', pos) : spec.size();
      range.octets[static_cast<std::size_t>(i)] = parse_octet(spec.substr(pos, dot - pos), spec);
      range.count *= range.octets[static_cast<std::size_t>(i)].size();
      pos = dot + 1;
    }
  } else if (looks_like_ipv4_range(spec) || spec.find(':') != std::string_view::npos) {
    bad(spec, "not an IPv4/IPv6 address, range or CIDR block");
  } else {
    for (char c : spec) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_';
      if (!ok) bad(spec, "not an address and not a host name");
    }
    auto address = resolve(spec);
    if (!address) {
      unresolved_.emplace_back(spec);
      return;
    }
    range.is_single = true;
    range.single = *address;
    range.name = std::string(spec);
    range.count = 1;
  }
  total_ += range.count;
  ranges_.push_back(std::move(range));
}

void TargetList::add_file(const std::string& path, const Resolver& resolve) {
  std::ifstream in(path);
  if (!in) throw usage_error("cannot read target list '" + path + "'");
  std::string line;
  while (std::getline(in, line)) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::size_t pos = 0;
    while (pos < line.size()) {
      std::size_t start = line.find_first_not_of(" \t\r,", pos);
      if (start == std::string::npos) break;
      std::size_t end = line.find_first_of(" \t\r,", start);
      if (end == std::string::npos) end = line.size();
      add(std::string_view(line).substr(start, end - start), resolve);
      pos = end;
    }
  }
}

Target TargetList::at(std::uint64_t index) const {
  for (const Range& r : ranges_) {
    if (index >= r.count) {
      index -= r.count;
      continue;
    }
    if (r.is_single) return {r.single, r.name};
    if (r.cidr) return {IpAddress::v4(r.base + static_cast<std::uint32_t>(index)), ""};
    IpAddress a;
    for (int i = 3; i >= 0; --i) {
      const auto& set = r.octets[static_cast<std::size_t>(i)];
      a.bytes[static_cast<std::size_t>(i)] = set[index % set.size()];
      index /= set.size();
    }
    return {a, ""};
  }
  throw std::out_of_range("target index");
}

bool TargetList::contains(const IpAddress& address) const {
  for (const Range& r : ranges_) {
    if (r.is_single) {
      if (r.single == address) return true;
    } else if (address.family == AF_INET) {
      if (r.cidr) {
        std::uint32_t v = address.v4_host_order();
        if (v >= r.base && v - r.base < r.count) return true;
      } else {
        bool all = true;
        for (std::size_t i = 0; i < 4 && all; ++i) {
          all = std::binary_search(r.octets[i].begin(), r.octets[i].end(), address.bytes[i]);
        }
        if (all) return true;
      }
    }
  }
  return false;
}

}  // namespace sockscope::net
