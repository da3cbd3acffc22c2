// Public. Many display filters over one capture in one pass (`read --filter-list`): each
// packet is decoded once and every filter is evaluated on it, each with its own state
// (frame.time_delta_displayed, its warning), so every answer is the one `read -Y` gives
// for that filter alone. For checking a list of filters against a capture (an answer key
// for filter exercises, a comparison with tshark) without a process per filter.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sockscope::capture {

struct FilterAnswer {
  std::string filter;
  bool refused = false;
  std::string reason;                 // refused: why, as -Y says it (with its caret lines)
  std::vector<std::uint32_t> frames;  // the frames it selects, in file order
  std::string warning;                // as read -Y's warning; empty if none
};

struct FilterListResult {
  std::vector<FilterAnswer> answers;  // one per filter, in the order given
  std::string damage;                 // as print_file's: empty when the file was whole
};

// Compiles every filter (a refused one is answered as such and the others still run),
// then reads the capture at `path` (a file, a pipe or "-") once. Throws usage_error when
// the file cannot be opened or is no capture.
FilterListResult run_filter_list(const std::string& path, const std::vector<std::string>& filters);

}  // namespace sockscope::capture
