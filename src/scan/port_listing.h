// Public. nmap's rule for which of a host's ports are listed one by one and which are
// collapsed into groups ("Not shown: 995 closed tcp ports (reset)"): the text writers
// print the groups, the XML writer's <extraports>, and -oJ/-oD keep them as "extraports"
// (so --resume of an --open run knows the ports it did not list).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "scan/types.h"

namespace sockscope::scan {

// A group of ports not listed one by one ("Not shown: 995 closed tcp ports (reset)").
struct PortGroup {
  PortState state;
  net::Transport proto;
  std::size_t count = 0;
  std::vector<std::pair<std::string, std::size_t>> reasons;  // reason, count
  std::vector<std::pair<std::string, std::vector<std::uint16_t>>> reason_ports;
};

// Splits a host's results as nmap does: a non-open state with more than 25 ports is
// collapsed into a group; with only_open, every state but open and open|filtered is.
void split_for_listing(const HostReport& host, bool only_open,
                       std::vector<const PortResult*>& listed, std::vector<PortGroup>& groups);

}  // namespace sockscope::scan
