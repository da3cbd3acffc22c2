#include "cli/options.h"

#include <cstdio>
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

namespace {
namespace file_options {

// Seconds from 0.001 to `max` (below a millisecond no poll() can wait, and "timed out
// after 0 s" helps nobody).
double parse_seconds_upto(const std::string& text, const std::string& flag, double max) {
  double seconds = 0;
  if (!parse_seconds(text, seconds) || seconds < 0.001 || seconds > max) {
    throw usage_error("bad " + flag + " '" + escape_nonprintable(text) +
                      "': expected seconds from 0.001 to " +
                      format_seconds(seconds_to_duration(max)));
  }
  return seconds;
}

}  // namespace file_options
}  // namespace

Duration parse_timeout(const std::string& text, const std::string& flag) {
  return seconds_to_duration(file_options::parse_seconds_upto(text, flag, 86400));
}

long long parse_count(const std::string& text, const std::string& flag, long long min,
                      long long max) {
  long long value = 0;
  if (!parse_decimal(text, min, max, value)) {
    std::string range = max == kNoMaximum
                            ? "of at least " + std::to_string(min)
                            : "from " + std::to_string(min) + " to " + std::to_string(max);
    throw usage_error("bad " + flag + " '" + escape_nonprintable(text) +
                      "': expected a whole number " + range);
  }
  return value;
}

CLI::Option* check_whole_number(CLI::Option* option, long long min, long long max) {
  std::string flag = option->get_name();
  return option->check(CLI::Validator(
      [flag, min, max](std::string& text) {
        parse_count(text, flag, min, max);
        return std::string();
      },
      max == kNoMaximum ? "at least " + std::to_string(min)
                        : std::to_string(min) + " to " + std::to_string(max),
      "whole number"));
}

CLI::Option* check_seconds(CLI::Option* option, double max_seconds) {
  std::string flag = option->get_name();
  return option->check(CLI::Validator(
      [flag, max_seconds](std::string& text) {
        file_options::parse_seconds_upto(text, flag, max_seconds);
        return std::string();
      },
      "0.001 to " + format_seconds(seconds_to_duration(max_seconds)), "seconds"));
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

void print_error(const std::string& message) {
  std::fprintf(stderr, "sockscope: error: %s\n", message.c_str());
}

int interrupted_exit_code() {
  return 128 + net::interrupt_signal();
}

}  // namespace sockscope::cli
