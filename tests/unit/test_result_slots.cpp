// ResultSlots: results placed in their slots as they come end up in sort_by_port's order
// (TCP, then UDP, each by port), whatever order the lists and the answers come in.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "scan/result_slots.h"
#include "scan/types.h"

namespace sockscope::scan {
namespace {

using net::Transport;

PortResult result(std::uint16_t port, Transport proto) {
  PortResult r;
  r.port = port;
  r.proto = proto;
  return r;
}

TEST(ResultSlots, TcpThenUdpEachByPort) {
  ResultSlots slots({22, 80, 443}, {53, 161});
  EXPECT_EQ(slots.size(), 5u);
  EXPECT_EQ(slots.slot(Transport::kTcp, 22), 0u);
  EXPECT_EQ(slots.slot(Transport::kTcp, 443), 2u);
  EXPECT_EQ(slots.slot(Transport::kUdp, 53), 3u);
  EXPECT_EQ(slots.slot(Transport::kUdp, 161), 4u);
}

TEST(ResultSlots, PairsOutsideTheListsHaveNoSlot) {
  ResultSlots slots({22, 80}, {});
  EXPECT_EQ(slots.slot(Transport::kTcp, 23), ResultSlots::kNone);
  EXPECT_EQ(slots.slot(Transport::kTcp, 0), ResultSlots::kNone);
  EXPECT_EQ(slots.slot(Transport::kUdp, 22), ResultSlots::kNone);  // UDP not scanned
  EXPECT_EQ(slots.size(), 2u);
  ResultSlots none({}, {});
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(none.slot(Transport::kTcp, 1), ResultSlots::kNone);
}

TEST(ResultSlots, ListOrderAndRepeatsDoNotChangePortOrder) {
  ResultSlots slots({443, 22, 80, 22}, {161, 53});
  EXPECT_EQ(slots.size(), 5u);
  EXPECT_EQ(slots.slot(Transport::kTcp, 22), 0u);
  EXPECT_EQ(slots.slot(Transport::kTcp, 80), 1u);
  EXPECT_EQ(slots.slot(Transport::kTcp, 443), 2u);
  EXPECT_EQ(slots.slot(Transport::kUdp, 53), 3u);
}

TEST(ResultSlots, FullRangeAnswersInAnyOrderFillTheSortedOrder) {
  std::vector<std::uint16_t> all(65535);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint16_t>(i + 1);
  std::vector<std::uint16_t> udp = {53, 123, 161, 65535};
  ResultSlots slots(all, udp);
  ASSERT_EQ(slots.size(), 65535u + 4u);

  std::vector<PortResult> answers;
  for (auto p : all) answers.push_back(result(p, Transport::kTcp));
  for (auto p : udp) answers.push_back(result(p, Transport::kUdp));
  std::mt19937 rng(7);
  std::shuffle(answers.begin(), answers.end(), rng);

  std::vector<PortResult> placed(slots.size());
  for (const auto& r : answers) {
    std::size_t at = slots.slot(r.proto, r.port);
    ASSERT_NE(at, ResultSlots::kNone);
    ASSERT_EQ(placed[at].port, 0) << "two pairs share slot " << at;
    placed[at] = r;
  }
  std::vector<PortResult> sorted = answers;
  sort_by_port(sorted);
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    ASSERT_EQ(placed[i].port, sorted[i].port) << i;
    ASSERT_EQ(placed[i].proto, sorted[i].proto) << i;
  }
}

}  // namespace
}  // namespace sockscope::scan
