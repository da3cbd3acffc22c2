#include "scan/recorded_command.h"

#include <algorithm>

#include "core/shell_words.h"

namespace sockscope::scan {

std::vector<std::string> words_after_scan(const std::string& command_line) {
  auto all = split_shell_words(command_line);
  if (!all) return {};  // not a line we wrote (an unclosed quote): no arguments
  return words_after_scan(*all);
}

std::vector<std::string> words_after_scan(const std::vector<std::string>& words) {
  auto scan = std::find(words.begin(), words.end(), "scan");
  if (scan == words.end()) return {};
  return {scan + 1, words.end()};
}

}  // namespace sockscope::scan
