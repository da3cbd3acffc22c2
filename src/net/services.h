// Public. Port numbers <-> service names, read from /etc/services (the system's own
// table, so we ship no copy of nmap's data files), and the default "most common ports"
// lists built from our own short table of well-known services plus /etc/services order.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/address.h"

namespace sockscope::net {

class ServiceTable {
 public:
  // Parses services(5) text: "name port/proto [aliases...] [# comment]".
  static ServiceTable parse(std::string_view text);
  // /etc/services, loaded once; an empty table when the file is missing.
  static const ServiceTable& system();

  // "ssh" for 22/tcp; "" when unknown.
  std::string name(std::uint16_t port, Transport proto) const;
  // The stored name, nullptr when unknown; valid as long as the table.
  const std::string* find_name(std::uint16_t port, Transport proto) const;
  // 22 for "ssh"/tcp (aliases too); nullopt when unknown.
  std::optional<std::uint16_t> port(std::string_view name, Transport proto) const;
  // Ports of `proto` in the order the file lists them, without duplicates.
  const std::vector<std::uint16_t>& listed(Transport proto) const;

 private:
  // Each protocol's names by port (index + 1 into names_, 0: none): a full-range scan's
  // outputs look up 65,535 ports, in O(1) each instead of a tree walk.
  std::vector<std::string> names_;
  std::vector<std::uint16_t> tcp_names_, udp_names_;
  std::map<std::pair<std::string, int>, std::uint16_t> ports_;
  std::vector<std::uint16_t> tcp_order_, udp_order_;
};

// nmap's service column: the table's name, or "unknown".
std::string service_name(std::uint16_t port, Transport proto);
// The same without a copy (the system table lives until exit): for per-result writers.
std::string_view service_name_view(std::uint16_t port, Transport proto);

// The default port list (nmap's "top 1000"): our table of the services people run most,
// then /etc/services in file order, then 1..65535 ascending, until `count` ports.
std::vector<std::uint16_t> top_ports(Transport proto, std::size_t count,
                                     const ServiceTable& services = ServiceTable::system());

}  // namespace sockscope::net
