// Public. What a banner tells a stranger (software and version, host names, frameworks)
// and one defensive step for each finding: the lab's reflection question ("one defensive
// recommendation for an admin to reduce information leakage") answered per port.
#pragma once

#include <string>
#include <vector>

namespace sockscope::discover {

struct PortFacts {
  std::string service;  // "ssh", "http", ...
  std::string product;
  std::string version;
  std::string info;
  std::string hostname;
  std::string banner;  // raw or escaped text; only searched for headers
};

struct Leak {
  std::string what;            // "version string: OpenSSH 9.2p1 (protocol 2.0 Debian-2)"
  std::string recommendation;  // one step an administrator can take
};

std::vector<Leak> banner_leaks(const PortFacts& facts);

}  // namespace sockscope::discover
