// sort_by_port: the order every output writer relies on (protocol, then port), stable for
// equal keys, for inputs a scan produces (nearly sorted, interleaved by two senders) and
// for arbitrary ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "scan/types.h"

namespace sockscope::scan {
namespace {

PortResult result(std::uint16_t port, net::Transport proto, std::string reason = "reset") {
  PortResult r;
  r.port = port;
  r.proto = proto;
  r.reason = std::move(reason);
  return r;
}

void expect_sorted_like_stable_sort(std::vector<PortResult> input) {
  std::vector<PortResult> expected = input;
  std::stable_sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
    return std::make_pair(a.proto, a.port) < std::make_pair(b.proto, b.port);
  });
  sort_by_port(input);
  ASSERT_EQ(input.size(), expected.size());
  for (std::size_t i = 0; i < input.size(); ++i) {
    EXPECT_EQ(input[i].port, expected[i].port) << i;
    EXPECT_EQ(input[i].proto, expected[i].proto) << i;
    EXPECT_EQ(input[i].reason, expected[i].reason) << i;  // equal keys keep their order
  }
}

TEST(SortByPort, EmptyAndSortedInputStayAsTheyAre) {
  expect_sorted_like_stable_sort({});
  expect_sorted_like_stable_sort({result(1, net::Transport::kTcp), result(2, net::Transport::kTcp),
                                  result(1, net::Transport::kUdp)});
}

TEST(SortByPort, TcpBeforeUdpThenPort) {
  expect_sorted_like_stable_sort(
      {result(53, net::Transport::kUdp), result(80, net::Transport::kTcp),
       result(22, net::Transport::kTcp), result(7, net::Transport::kUdp)});
}

TEST(SortByPort, EqualKeysKeepTheirOrder) {
  expect_sorted_like_stable_sort(
      {result(80, net::Transport::kTcp, "b"), result(22, net::Transport::kTcp, "x"),
       result(80, net::Transport::kTcp, "a"), result(80, net::Transport::kTcp, "c")});
}

TEST(SortByPort, FullRangeInterleavedLikeTwoSendersAndShuffled) {
  std::vector<PortResult> interleaved;
  for (int block = 0; block < 512; block += 2) {  // batches of 128 from two senders
    for (int i = 0; i < 128; ++i) {
      int later = 1 + (block + 1) * 128 + i;  // ports 1..65535: the last batch is one short
      if (later <= 65535)
        interleaved.push_back(result(static_cast<std::uint16_t>(later), net::Transport::kTcp));
      interleaved.push_back(
          result(static_cast<std::uint16_t>(1 + block * 128 + i), net::Transport::kTcp));
    }
  }
  expect_sorted_like_stable_sort(interleaved);
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::vector<PortResult> shuffled;
    std::size_t n = rng() % 3000;
    for (std::size_t i = 0; i < n; ++i) {
      shuffled.push_back(result(static_cast<std::uint16_t>(rng() % 500),
                                rng() % 2 ? net::Transport::kTcp : net::Transport::kUdp,
                                std::to_string(i)));
    }
    expect_sorted_like_stable_sort(shuffled);
  }
}

}  // namespace
}  // namespace sockscope::scan
