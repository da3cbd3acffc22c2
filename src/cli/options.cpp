#include "cli/options.h"

#include <iostream>
#include <iterator>

#include "core/error.h"
#include "core/text.h"

namespace sockscope::cli {

net::Transport parse_transport(const std::string& text) {
  if (text == "tcp") return net::Transport::kTcp;
  if (text == "udp") return net::Transport::kUdp;
  throw usage_error("bad protocol '" + text + "': expected tcp or udp");
}

Duration parse_timeout(const std::string& text, const std::string& flag) {
  double seconds = 0;
  if (!parse_seconds(text, seconds) || seconds > 86400) {
    throw usage_error("bad " + flag + " '" + text + "': expected seconds, more than 0 and at most 86400");
  }
  return seconds_to_duration(seconds);
}

std::string read_all_stdin() {
  return {std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
}

}  // namespace sockscope::cli
