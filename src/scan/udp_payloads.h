// Public. What a UDP probe carries: a request the service on that port answers (a UDP
// service silent to an empty datagram would look open|filtered). Our own small table,
// in the spirit of the lab's DNS hex payload; empty for ports not in it.
#pragma once

#include <cstdint>
#include <string>

namespace sockscope::scan {

// The payload for `port` (binary), "" when we know none.
const std::string& udp_payload(std::uint16_t port);

}  // namespace sockscope::scan
