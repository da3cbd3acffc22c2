// Public. nmap's -p syntax: "22", "20-1024", "80,443,8000-8100", "-" (1-65535),
// open ends ("-1024", "60000-"), service names from /etc/services ("http,ssh"), and
// "T:"/"U:" prefixes that send what follows to one protocol. Pure parsing, no I/O
// besides the ServiceTable it is given.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "net/services.h"

namespace sockscope::net {

struct PortSet {
  std::vector<std::uint16_t> tcp;  // sorted, unique
  std::vector<std::uint16_t> udp;  // sorted, unique
  std::size_t size() const { return tcp.size() + udp.size(); }
};

// Unprefixed parts go to every protocol being scanned (want_tcp / want_udp), as in
// nmap. Throws usage_error("bad port spec 'PART' in 'SPEC': why") naming the bad part.
PortSet parse_port_spec(std::string_view spec, bool want_tcp, bool want_udp,
                        const ServiceTable& services = ServiceTable::system());

// "22,80,8000-8100": compact ranges for output (nmap's scaninfo services="...").
std::string format_port_ranges(const std::vector<std::uint16_t>& ports);
// Its inverse, for reading outputs back ("1-21,23" of nmap's extrareasons ports=, our
// -oJ/-oD extraports): appends the ports; false on anything but numbers 1-65535 and
// ascending ranges. "" is no ports.
bool parse_port_ranges(std::string_view text, std::vector<std::uint16_t>& out);

}  // namespace sockscope::net
