// Public. One line for a UDP service's reply, tcpdump-printer style, one bounds-checked
// decoder per protocol: "DNS: response, 1 answer, A 192.0.2.7", "DNS: version.bind
// \"9.18.1\"", "NTP: v4 server, stratum 2", "SNMP: sysDescr \"Linux ...\"". Each returns
// nullopt when the bytes are not a well-formed reply of its protocol; peer text in the
// line is escaped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sockscope::discover {

std::optional<std::string> decode_dns(std::string_view reply);
std::optional<std::string> decode_ntp(std::string_view reply);
std::optional<std::string> decode_snmp(std::string_view reply);

// The decoder for `port` (53/5353 DNS, 123 NTP, 161/162 SNMP); on other ports each
// decoder is tried in turn and the first that accepts the bytes answers.
std::optional<std::string> decode_udp_reply(std::uint16_t port, std::string_view reply);

}  // namespace sockscope::discover
