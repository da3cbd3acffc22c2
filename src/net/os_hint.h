// Public. A guess at the operating system's family from two numbers the SYN scan already
// records: the IP TTL of the SYN/ACK (which starts at 64 on Linux and the BSDs, 128 on
// Windows, 255 on many routers and Solaris, and drops by one a hop) and the TCP window it
// offered. A guess, always labelled one: stacks are tunable and middleboxes rewrite both.
#pragma once

#include <optional>
#include <string>

namespace sockscope::net {

struct OsHint {
  std::string family;    // "Linux", "BSD or macOS", "Linux or BSD", "Windows", ...
  int initial_ttl = 0;   // 32, 64, 128 or 255
  int hops = 0;          // initial_ttl - ttl
  std::string evidence;  // "TTL 64 (starts at 64, 0 hops), window 64240"
  // "Linux-style stack (a guess from TTL 64 (starts at 64, 0 hops), window 64240)"
  std::string text() const;
};

// ttl < 1 or > 255: no hint. window < 0: unknown (a connect scan sees neither).
std::optional<OsHint> os_hint(int ttl, int window);

}  // namespace sockscope::net
