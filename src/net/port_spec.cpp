#include "net/port_spec.h"

#include <algorithm>
#include <string>

#include "core/error.h"
#include "core/text.h"

namespace sockscope::net {
namespace {

[[noreturn]] void bad(std::string_view part, std::string_view spec, std::string_view why) {
  std::string msg = "bad port spec '";
  msg.append(part).append("'");
  if (part != spec) msg.append(" in '").append(spec).append("'");
  msg.append(": ").append(why);
  throw usage_error(msg);
}

std::uint16_t number(std::string_view text, std::string_view part, std::string_view spec) {
  long long value = 0;
  if (!parse_decimal(text, 0, 1'000'000'000, value))
    bad(part, spec, "not a port number or service name");
  if (value < 1 || value > 65535) bad(part, spec, "ports are 1-65535");
  return static_cast<std::uint16_t>(value);
}

bool is_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void add_part(std::string_view part, std::string_view spec, bool tcp, bool udp,
              const ServiceTable& services, PortSet& out) {
  if (part.empty()) bad(part, spec, "empty item");
  auto add_range = [&](unsigned lo, unsigned hi) {
    for (unsigned p = lo; p <= hi; ++p) {
      if (tcp) out.tcp.push_back(static_cast<std::uint16_t>(p));
      if (udp) out.udp.push_back(static_cast<std::uint16_t>(p));
    }
  };
  auto dash = part.find('-');
  if (dash != std::string_view::npos) {
    std::string_view lo_text = part.substr(0, dash), hi_text = part.substr(dash + 1);
    unsigned lo = lo_text.empty() ? 1 : number(lo_text, part, spec);
    unsigned hi = hi_text.empty() ? 65535 : number(hi_text, part, spec);
    if (lo > hi) bad(part, spec, "range start is above its end");
    add_range(lo, hi);
    return;
  }
  if (is_digits(part)) {
    std::uint16_t p = number(part, part, spec);
    add_range(p, p);
    return;
  }
  bool found = false;
  for (Transport t : {Transport::kTcp, Transport::kUdp}) {
    bool want = t == Transport::kTcp ? tcp : udp;
    if (!want) continue;
    if (auto p = services.port(part, t)) {
      (t == Transport::kTcp ? out.tcp : out.udp).push_back(*p);
      found = true;
    }
  }
  if (!found) bad(part, spec, "not a port number or a service name in /etc/services");
}

void normalize(std::vector<std::uint16_t>& ports) {
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
}

}  // namespace

PortSet parse_port_spec(std::string_view spec, bool want_tcp, bool want_udp,
                        const ServiceTable& services) {
  PortSet out;
  if (spec.empty()) bad(spec, spec, "empty");
  // Like nmap, a "T:" or "U:" prefix stays in force for the parts after it.
  bool tcp = want_tcp, udp = want_udp;
  std::size_t pos = 0;
  while (pos <= spec.size()) {
    std::size_t comma = spec.find(',', pos);
    if (comma == std::string_view::npos) comma = spec.size();
    std::string_view part = spec.substr(pos, comma - pos);
    if (part.size() >= 2 && part[1] == ':') {
      char proto = part[0];
      if (proto == 'T' || proto == 't') {
        tcp = true, udp = false;
      } else if (proto == 'U' || proto == 'u') {
        tcp = false, udp = true;
      } else {
        bad(part, spec, "protocol prefix must be T: or U:");
      }
      part.remove_prefix(2);
    }
    add_part(part, spec, tcp, udp, services, out);
    pos = comma + 1;
  }
  normalize(out.tcp);
  normalize(out.udp);
  if (!want_tcp) out.tcp.clear();
  if (!want_udp) out.udp.clear();
  return out;
}

std::string format_port_ranges(const std::vector<std::uint16_t>& ports) {
  std::string out;
  for (std::size_t i = 0; i < ports.size();) {
    std::size_t j = i;
    while (j + 1 < ports.size() && ports[j + 1] == ports[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(ports[i]);
    if (j > i) {
      out += '-';
      out += std::to_string(ports[j]);
    }
    i = j + 1;
  }
  return out;
}

bool parse_port_ranges(std::string_view text, std::vector<std::uint16_t>& out) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = text.substr(pos, comma - pos);
    pos = comma + 1;
    std::size_t dash = part.find('-');
    long long lo = 0, hi = 0;
    if (!parse_decimal(part.substr(0, dash), 1, 65535, lo)) return false;
    hi = lo;
    if (dash != std::string_view::npos && !parse_decimal(part.substr(dash + 1), lo, 65535, hi))
      return false;
    for (long long p = lo; p <= hi; ++p) out.push_back(static_cast<std::uint16_t>(p));
  }
  return true;
}

}  // namespace sockscope::net
