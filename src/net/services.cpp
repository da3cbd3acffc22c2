#include "net/services.h"

#include <fstream>
#include <iterator>
#include <sstream>
#include <unordered_set>

#include "core/text.h"

namespace sockscope::net {
namespace {

int key(Transport proto) {
  return proto == Transport::kTcp ? 6 : 17;
}

// Services people actually run, most common first: web, remote shells, mail, file
// sharing, databases, directory, VPN and management ports. Our own list.
constexpr std::uint16_t kCommonTcp[] = {
    80,    443,   22,    21,   23,    25,   3389, 110,  445,   139,  143,  53,   135,   3306, 8080,
    1723,  111,   995,   993,  5900,  1025, 587,  8888, 199,   1720, 465,  548,  113,   81,   6001,
    10000, 514,   5060,  179,  1026,  2000, 8443, 8000, 32768, 554,  26,   1433, 49152, 2001, 515,
    8008,  49154, 1027,  5666, 646,   5000, 5631, 631,  49153, 8081, 2049, 88,   79,    5800, 106,
    2121,  1110,  49155, 6000, 513,   990,  5357, 427,  49156, 543,  544,  5101, 144,   7,    389,
    5432,  6379,  27017, 9200, 11211, 3000, 5672, 9092, 2181,  8443, 9090, 9000, 6443,  2375, 2376,
    5985,  5986,  1521,  1194, 1812,  500,  4500, 161,  636,   873,  3268, 3269, 8009,  8010};
constexpr std::uint16_t kCommonUdp[] = {
    53,   67,   68,   69,   123,  137,  138,   161,   162,   500, 514, 520,  631,  1434, 1900,
    4500, 5353, 1812, 1813, 5060, 3478, 11211, 33434, 49152, 177, 427, 1645, 1646, 2049, 111};

}  // namespace

ServiceTable ServiceTable::parse(std::string_view text) {
  ServiceTable table;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream fields(line);
    std::string name, port_proto, alias;
    if (!(fields >> name >> port_proto)) continue;
    auto slash = port_proto.find('/');
    if (slash == std::string::npos) continue;
    long long port = 0;
    if (!parse_decimal(std::string_view(port_proto).substr(0, slash), 1, 65535, port)) continue;
    std::string proto = port_proto.substr(slash + 1);
    if (proto != "tcp" && proto != "udp") continue;
    Transport t = proto == "tcp" ? Transport::kTcp : Transport::kUdp;
    auto p = static_cast<std::uint16_t>(port);
    auto& by_port = t == Transport::kTcp ? table.tcp_names_ : table.udp_names_;
    if (by_port.empty()) by_port.assign(65536, 0);
    if (by_port[p] == 0 && table.names_.size() < 65535) {  // the first line for a port wins
      table.names_.push_back(name);
      by_port[p] = static_cast<std::uint16_t>(table.names_.size());
      (t == Transport::kTcp ? table.tcp_order_ : table.udp_order_).push_back(p);
    }
    table.ports_.emplace(std::make_pair(name, key(t)), p);
    while (fields >> alias) table.ports_.emplace(std::make_pair(alias, key(t)), p);
  }
  return table;
}

const ServiceTable& ServiceTable::system() {
  static const ServiceTable table = [] {
    std::ifstream in("/etc/services");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return parse(text);
  }();
  return table;
}

std::string ServiceTable::name(std::uint16_t port, Transport proto) const {
  const std::string* found = find_name(port, proto);
  return found ? *found : std::string();
}

const std::string* ServiceTable::find_name(std::uint16_t port, Transport proto) const {
  const auto& by_port = proto == Transport::kTcp ? tcp_names_ : udp_names_;
  if (by_port.empty() || by_port[port] == 0) return nullptr;
  return &names_[by_port[port] - 1u];
}

std::optional<std::uint16_t> ServiceTable::port(std::string_view name, Transport proto) const {
  auto it = ports_.find({std::string(name), key(proto)});
  if (it == ports_.end()) return std::nullopt;
  return it->second;
}

const std::vector<std::uint16_t>& ServiceTable::listed(Transport proto) const {
  return proto == Transport::kTcp ? tcp_order_ : udp_order_;
}

std::string service_name(std::uint16_t port, Transport proto) {
  std::string name = ServiceTable::system().name(port, proto);
  return name.empty() ? "unknown" : name;
}

std::string_view service_name_view(std::uint16_t port, Transport proto) {
  const std::string* name = ServiceTable::system().find_name(port, proto);
  return name ? std::string_view(*name) : std::string_view("unknown");
}

std::vector<std::uint16_t> top_ports(Transport proto, std::size_t count,
                                     const ServiceTable& services) {
  std::vector<std::uint16_t> out;
  std::unordered_set<std::uint16_t> seen;
  auto add = [&](std::uint16_t p) {
    if (out.size() < count && seen.insert(p).second) out.push_back(p);
  };
  if (proto == Transport::kTcp) {
    for (auto p : kCommonTcp) add(p);
  } else {
    for (auto p : kCommonUdp) add(p);
  }
  for (auto p : services.listed(proto)) add(p);
  for (unsigned p = 1; p <= 65535 && out.size() < count; ++p) add(static_cast<std::uint16_t>(p));
  return out;
}

}  // namespace sockscope::net
