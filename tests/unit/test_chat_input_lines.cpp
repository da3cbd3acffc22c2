#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "chat/line_input.h"

namespace sockscope::chat {
namespace {

struct Fed {
  std::vector<std::string> lines;
  int too_long = 0;
};

Fed feed(std::size_t max, const std::vector<std::string>& reads, bool end = true) {
  Fed run;
  InputLines in(max);
  auto on_line = [&](std::string_view l) { run.lines.emplace_back(l); };
  for (const auto& r : reads) in.feed(r, on_line, [&] { ++run.too_long; });
  if (end) in.finish(on_line);
  return run;
}

TEST(ChatInputLines, LinesAcrossReads) {
  Fed r = feed(10, {"ab", "c\nde\r\n", "f"});
  EXPECT_EQ(r.lines, (std::vector<std::string>{"abc", "de", "f"}));
  EXPECT_EQ(r.too_long, 0);
}

// The bug this replaced: after an over-long line the framer was reset mid-line, so the
// tail of the long line went out as a message of its own, and the lines read with it
// were lost.
TEST(ChatInputLines, OverLongLineIsDroppedWholeAndTheNextLinesKept) {
  std::string big(25, 'x');
  Fed r = feed(10, {"ok1\n" + big.substr(0, 12), big.substr(12) + "\nok2\n", "ok3\n"});
  EXPECT_EQ(r.lines, (std::vector<std::string>{"ok1", "ok2", "ok3"}));
  EXPECT_EQ(r.too_long, 1);
}

TEST(ChatInputLines, OverLongLineInOneRead) {
  Fed r = feed(4, {"12345\nabcd\n123456789\nz"});
  EXPECT_EQ(r.lines, (std::vector<std::string>{"abcd", "z"}));
  EXPECT_EQ(r.too_long, 2);
}

TEST(ChatInputLines, LimitIsInclusiveAndCrIsNotCounted) {
  Fed r = feed(4, {"abcd\r\n", "abcd\n"});
  EXPECT_EQ(r.lines, (std::vector<std::string>{"abcd", "abcd"}));
}

TEST(ChatInputLines, UnfinishedLongLineAtEndIsNotSent) {
  Fed r = feed(4, {"abcdefgh"});
  EXPECT_TRUE(r.lines.empty());
  EXPECT_EQ(r.too_long, 1);
}

}  // namespace
}  // namespace sockscope::chat
