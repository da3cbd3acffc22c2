// Packet times at the ends of a pcapng clock: seconds beyond what int64 nanoseconds hold,
// and differences that cross 2^63, printed as tshark prints them (checked against tshark
// 4.0 on the same files), with no signed overflow on the way (UBSan builds run this).
#include "capture/timestamp.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "capture/packet_stream.h"
#include "capture/summary.h"
#include "packet_builder.h"

namespace sockscope::capture {
namespace {

TEST(Timestamp, SumKeepsTheNanosecondsOnTheSecondsSide) {  // as nstime_sum
  EXPECT_EQ(sum({1, 600000000}, {0, 500000000}), (Timestamp{2, 100000000}));
  EXPECT_EQ(sum({-1, -500000000}, {0, 700000000}), (Timestamp{0, -800000000}));
  EXPECT_EQ(sum({INT64_MAX, 0}, {1, 0}), (Timestamp{INT64_MIN, 0}));  // wraps, no UB
}

TEST(Timestamp, NegatedWrapsLikeTimeUnaryMinus) {
  EXPECT_EQ(negated({1, 500000000}), (Timestamp{-1, -500000000}));
  EXPECT_EQ(negated({0, -250000000}), (Timestamp{0, 250000000}));
  EXPECT_EQ(negated({INT64_MIN, 0}), (Timestamp{INT64_MIN, 0}));  // wraps, no UB
}

std::string seconds(const Timestamp& t, int digits) {
  std::string s;
  append_seconds(s, t, digits);
  return s;
}

// The time column of every summary line of a pcapng whose stamps are `ticks`.
std::vector<std::string> time_column(const std::vector<std::uint64_t>& ticks,
                                     std::uint8_t tsresol) {
  std::vector<std::pair<testing::Frame, std::uint64_t>> packets;
  for (std::uint64_t t : ticks)
    packets.emplace_back(
        testing::ethernet(testing::ipv4(17, testing::udp_datagram(1000, 2000, ""))), t);
  auto file = testing::pcapng_file(packets, tsresol);
  PacketStream stream(testing::as_bytes(file), "mem");
  std::vector<std::string> times;
  Packet p;
  while (stream.next(p)) {
    SummaryOptions options;
    options.time_digits = stream.time_digits();
    std::string line;
    append_summary(line, p, options);
    std::size_t start = line.find_first_not_of(' ', line.find(' ', line.find_first_not_of(' ')));
    times.push_back(line.substr(start, line.find(' ', start) - start));
  }
  EXPECT_EQ(stream.error(), "");
  return times;
}

constexpr std::uint64_t kTop = ~std::uint64_t{0};
constexpr std::uint64_t kHalf = std::uint64_t{1} << 63;

TEST(Timestamp, MicrosecondClockBeyondInt64NanosecondsPrintsAsTshark) {
  // tshark -r: 0.000000, 18446744073709.551615, 9223372036854.775807,
  // 9223372036854.775808, 1.000000
  EXPECT_EQ(time_column({0, kTop, kHalf - 1, kHalf, 1000000}, 6),
            (std::vector<std::string>{"0.000000", "18446744073709.551615", "9223372036854.775807",
                                      "9223372036854.775808", "1.000000"}));
}

TEST(Timestamp, NanosecondDifferencesAcross2To63PrintAsTshark) {
  // tshark -r: 0.000000000, -9223372036.854775808, 9223372036.854775807, -0.000000001,
  // -9223372036.853775808 (first frame at 2^63 ns)
  EXPECT_EQ(
      time_column({kHalf, 0, kTop, kHalf - 1, 1000000}, 9),
      (std::vector<std::string>{"0.000000000", "-9223372036.854775808", "9223372036.854775807",
                                "-0.000000001", "-9223372036.853775808"}));
}

TEST(Timestamp, BinaryAndCoarseResolutionsConvertAsWireshark) {
  EXPECT_EQ(from_ticks(kTop, 0xa0), (Timestamp{4294967295, 999999999}));  // 2^-32 s
  EXPECT_EQ(from_ticks(5, 0x81), (Timestamp{2, 500000000}));              // 2^-1 s
  EXPECT_EQ(from_ticks(kTop, 0), (Timestamp{-1, 0}));  // whole seconds wrap like time_t
  EXPECT_EQ(from_ticks(kTop, 3), (Timestamp{18446744073709551, 615000000}));
  EXPECT_EQ(from_ticks(kTop, 127), (Timestamp{}));  // finer than 10^-38 s: nothing left
}

TEST(Timestamp, DifferencesKeepOneSignAndNeverOverflow) {
  EXPECT_EQ(seconds(difference({1, 0}, {0, 500000000}), 9), "0.500000000");
  EXPECT_EQ(seconds(difference({0, 500000000}, {1, 0}), 9), "-0.500000000");
  EXPECT_EQ(seconds(difference({0, 0}, {1, 500000000}), 6), "-1.500000");
  Timestamp lowest{INT64_MIN, 0}, highest{INT64_MAX, 999999999};
  difference(lowest, highest);  // wraps, never undefined (UBSan would stop here)
  EXPECT_EQ(seconds(lowest, 6), "-9223372036854775808.000000");
  EXPECT_EQ(to_ns(highest), INT64_MAX);
  EXPECT_EQ(to_ns(lowest), INT64_MIN);
  EXPECT_EQ(to_ns(from_ns(-1)), -1);
}

// The inline path (clocks within 2^32 s of 1970) must give exactly what the general
// 128-bit/wrapping path gives, on both sides of the boundary between them.
TEST(Timestamp, InlinePathAgreesWithTheGeneralOne) {
  const std::int64_t edge = detail::kPlainSeconds;
  const std::vector<std::int64_t> secs = {0,         1,    -1,    1700000000, -1700000000, edge - 1,
                                          -edge + 1, edge, -edge, INT64_MAX,  INT64_MIN};
  const std::vector<std::int32_t> nsecs = {0, 1, 499999999, 500000000, 999999999};
  for (std::int64_t a : secs) {
    for (std::int64_t b : secs) {
      for (std::int32_t na : nsecs) {
        for (std::int32_t nb : nsecs) {
          const Timestamp later{a, na}, earlier{b, nb};
          EXPECT_EQ(difference(later, earlier), detail::wide_difference(later, earlier))
              << a << "." << na << " - " << b << "." << nb;
        }
      }
    }
  }
  for (std::int64_t a : secs) {
    for (std::int32_t na : nsecs) {
      EXPECT_EQ(to_ns({a, na}), detail::wide_to_ns({a, na}));
      EXPECT_EQ(to_ns({a, -na}), detail::wide_to_ns({a, -na}));
    }
  }
}

}  // namespace
}  // namespace sockscope::capture
