// Public. Comparisons in TCP's 32-bit sequence space (RFC 1982 serial arithmetic): a
// number is "after" another when it is less than 2^31 ahead, so wrap-around at 2^32
// orders correctly. Shared by stream analysis, follow and explain.
#pragma once

#include <cstdint>

namespace sockscope::capture {

constexpr bool seq_gt(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b) > 0;
}
constexpr bool seq_lt(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b) < 0;
}
constexpr bool seq_le(std::uint32_t a, std::uint32_t b) {
  return !seq_gt(a, b);
}

static_assert(seq_gt(1, 0xffffffffu), "wrap-around: 1 comes after 2^32-1");
static_assert(seq_lt(0xfffffff0u, 5), "wrap-around: 2^32-16 comes before 5");

}  // namespace sockscope::capture
