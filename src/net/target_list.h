// Public. What `scan` is pointed at: IPv4/IPv6 literals, host names, CIDR blocks
// ("192.0.2.0/28"), nmap octet ranges ("192.0.2.1-20", "10.0.0,1.*"), lists read from a
// file (-iL) and exclusions (--exclude). Ranges stay ranges: a /16 costs a few bytes,
// not 65,536 addresses, and at(i) computes the i-th address on demand.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "net/ip_address.h"

namespace sockscope::net {

struct Target {
  IpAddress address;
  std::string name;  // the host name the user gave, "" for literals
};

// Resolves a host name to its first address; empty optional when it does not resolve.
using Resolver = std::function<std::optional<IpAddress>(std::string_view name)>;
Resolver system_resolver();

class TargetList {
 public:
  // Adds one spec. Throws usage_error naming the bad part for malformed specs; a name
  // that does not resolve is recorded in unresolved() (nmap warns and goes on).
  void add(std::string_view spec, const Resolver& resolve);
  // Adds every whitespace-separated spec of a -iL file ('#' starts a comment).
  void add_file(const std::string& path, const Resolver& resolve);

  std::uint64_t size() const { return total_; }
  bool empty() const { return total_ == 0; }
  Target at(std::uint64_t index) const;
  bool contains(const IpAddress& address) const;
  const std::vector<std::string>& unresolved() const { return unresolved_; }

 private:
  struct Range {
    // IPv4 octet sets (CIDR and octet ranges both become these), or one fixed address.
    std::array<std::vector<std::uint8_t>, 4> octets;
    bool cidr = false;
    std::uint32_t base = 0;  // CIDR: first address, host order
    std::uint64_t count = 0;
    IpAddress single;
    bool is_single = false;
    std::string name;
  };
  std::vector<Range> ranges_;
  std::uint64_t total_ = 0;
  std::vector<std::string> unresolved_;
};

}  // namespace sockscope::net
