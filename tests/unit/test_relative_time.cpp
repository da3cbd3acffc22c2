// Time-offset literals, sums and order as Wireshark 4.0's display filters have them
// (relative_val_from_literal, nstime_cmp); each case was checked against
// tshark 4.0 with frame.time_delta filters (tests/data/filters_time.txt runs them whole).
#include "capture/filter/relative_time.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>

namespace sockscope::capture::filter {
namespace {

Timestamp parsed(const char* text) {
  const std::optional<Timestamp> t = parse_relative_time(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(Timestamp{-7, -7});
}

TEST(RelativeTime, LiteralsAsWiresharkReadsThem) {
  EXPECT_EQ(parsed("0.001"), (Timestamp{0, 1000000}));
  EXPECT_EQ(parsed("-0.5"), (Timestamp{0, -500000000}));
  EXPECT_EQ(parsed("-1.5"), (Timestamp{-1, -500000000}));
  EXPECT_EQ(parsed("+1"), (Timestamp{1, 0}));
  EXPECT_EQ(parsed("010"), (Timestamp{10, 0}));
  EXPECT_EQ(parsed("0.000000001"), (Timestamp{0, 1}));
  EXPECT_EQ(parsed("1.50000000000"), (Timestamp{1, 500000000}));  // zeros past the ninth
  // the fraction is its first run of digits: "1.5e-3" is 1.5 s, not 1.5 ms
  EXPECT_EQ(parsed("1.5e-3"), (Timestamp{1, 500000000}));
  // strtoul: 2^64 - 1 and beyond are 2^64 - 1, which is -1 s; 2^63 wraps to the minimum
  EXPECT_EQ(parsed("18446744073709551615"), (Timestamp{-1, 0}));
  EXPECT_EQ(parsed("99999999999999999999"), (Timestamp{-1, 0}));
  EXPECT_EQ(parsed("9223372036854775808"), (Timestamp{INT64_MIN, 0}));
}

TEST(RelativeTime, LiteralsWiresharkRefuses) {
  for (const char* bad : {"", "-", "1e2", "0x10", "1_0", "abc", "0.0000000001", "1.0000000001"})
    EXPECT_FALSE(parse_relative_time(bad).has_value()) << bad;
}

TEST(RelativeTime, OrderAsNstimeCmp) {
  EXPECT_EQ(time_order({0, 1}, {0, 2}), -1);
  EXPECT_EQ(time_order({1, 0}, {0, 999999999}), 1);
  EXPECT_EQ(time_order({0, -500000000}, {0, 0}), -1);
  // the seconds' difference is cast to 32 bits: 2^32 s apart is "equal", 2^31 s "before"
  EXPECT_EQ(time_order({std::int64_t{1} << 32, 0}, {0, 0}), 0);
  EXPECT_EQ(time_order({std::int64_t{1} << 31, 0}, {0, 0}), -1);
  EXPECT_EQ(time_order({0, 0}, {INT64_MIN, 0}), 0);
}

}  // namespace
}  // namespace sockscope::capture::filter
