// Public. `--shard I/N`: this run scans part I of N (1-based, as the user counts), so N
// machines given 1/N .. N/N cover the targets x ports once (zmap's sharding).
#pragma once

#include <cstdint>
#include <string_view>

namespace sockscope::scan {

struct Shard {
  std::uint64_t index = 0;  // 0-based, as ScanOptions takes it
  std::uint64_t count = 1;
};

// "2/3" -> {1, 3}. Throws usage_error naming the text unless 1 <= I <= N <= 1,000,000.
Shard parse_shard(std::string_view text);

}  // namespace sockscope::scan
