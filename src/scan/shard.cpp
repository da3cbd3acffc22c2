#include "scan/shard.h"

#include <string>

#include "core/error.h"
#include "core/text.h"

namespace sockscope::scan {

Shard parse_shard(std::string_view text) {
  auto slash = text.find('/');
  long long i = 0, n = 0;
  if (slash == std::string_view::npos || !parse_decimal(text.substr(0, slash), 1, 1'000'000, i) ||
      !parse_decimal(text.substr(slash + 1), 1, 1'000'000, n) || i > n) {
    throw usage_error("bad --shard '" + std::string(text) + "': expected I/N with 1 <= I <= N");
  }
  return Shard{static_cast<std::uint64_t>(i - 1), static_cast<std::uint64_t>(n)};
}

}  // namespace sockscope::scan
