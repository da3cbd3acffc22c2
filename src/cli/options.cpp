#include "cli/options.h"

#include <iostream>
#include <iterator>

#include "core/error.h"
#include "core/text.h"
#include "net/interrupt.h"

namespace sockscope::cli {

net::Transport parse_transport(const std::string& text) {
  if (text == "tcp") return net::Transport::kTcp;
  if (text == "udp") return net::Transport::kUdp;
  throw usage_error("bad protocol '" + escape_nonprintable(text) + "': expected tcp or udp");
}

Duration parse_timeout(const std::string& text, const std::string& flag) {
  double seconds = 0;
  // Below a millisecond no poll() can wait, and "timed out after 0 s" helps nobody.
  if (!parse_seconds(text, seconds) || seconds < 0.001 || seconds > 86400) {
    throw usage_error("bad " + flag + " '" + escape_nonprintable(text) +
                      "': expected seconds from 0.001 to 86400");
  }
  return seconds_to_duration(seconds);
}

long long parse_count(const std::string& text, const std::string& flag, long long min,
                      long long max) {
  long long value = 0;
  if (!parse_decimal(text, min, max, value)) {
    throw usage_error("bad " + flag + " '" + escape_nonprintable(text) +
                      "': expected a whole number from " + std::to_string(min) + " to " +
                      std::to_string(max));
  }
  return value;
}

const std::string& require_host(const std::string& text) {
  bool clean = !text.empty();
  for (char c : text) clean = clean && static_cast<unsigned char>(c) > 0x20 && c != 0x7f;
  if (!clean) {
    throw usage_error("bad host '" + escape_nonprintable(text) +
                      "': expected a host name or an IP address");
  }
  return text;
}

std::optional<std::string> read_all_stdin() {
  std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  if (net::interrupted()) return std::nullopt;
  return text;
}

int interrupted_exit_code() {
  return 128 + net::interrupt_signal();
}

}  // namespace sockscope::cli
