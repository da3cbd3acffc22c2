#include "net/line_framer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sockscope::net {
namespace {

using Lines = std::vector<std::string>;

LineFramer::Status feed(LineFramer& f, std::string_view bytes, Lines& out) {
  return f.feed(bytes, [&](std::string_view line) { out.emplace_back(line); });
}

TEST(LineFramer, SameLinesWhereverTheStreamIsCut) {
  const std::string stream = "first\r\nsecond\n\nthird has words\r\n\rfourth\nunfinished";
  const Lines expected = {"first", "second", "", "third has words", "\rfourth"};
  for (std::size_t a = 0; a <= stream.size(); ++a) {
    for (std::size_t b = a; b <= stream.size(); ++b) {
      LineFramer f(64);
      Lines got;
      ASSERT_EQ(feed(f, stream.substr(0, a), got), LineFramer::Status::kOk);
      ASSERT_EQ(feed(f, stream.substr(a, b - a), got), LineFramer::Status::kOk);
      ASSERT_EQ(feed(f, stream.substr(b), got), LineFramer::Status::kOk);
      ASSERT_EQ(got, expected) << "cut at " << a << " and " << b;
      EXPECT_EQ(f.pending(), std::string("unfinished").size());
    }
  }
}

TEST(LineFramer, ByteByByte) {
  LineFramer f(8);
  Lines got;
  for (char c : std::string("ab\r\ncd\n")) feed(f, std::string_view(&c, 1), got);
  EXPECT_EQ(got, (Lines{"ab", "cd"}));
}

TEST(LineFramer, MaxLineIsAllowedOneMoreIsNot) {
  for (const char* ending : {"\n", "\r\n"}) {
    LineFramer f(5);
    Lines got;
    EXPECT_EQ(feed(f, std::string("12345") + ending, got), LineFramer::Status::kOk);
    EXPECT_EQ(got, Lines{"12345"});
  }
  // Over-long, whether the newline came or not, in one piece or many.
  LineFramer whole(5);
  Lines got;
  EXPECT_EQ(feed(whole, "123456\n", got), LineFramer::Status::kTooLong);
  LineFramer pieces(5);
  EXPECT_EQ(feed(pieces, "123", got), LineFramer::Status::kOk);
  EXPECT_EQ(feed(pieces, "456", got), LineFramer::Status::kTooLong);
  EXPECT_EQ(feed(pieces, "\nok\n", got), LineFramer::Status::kTooLong);  // stays stopped
  EXPECT_TRUE(got.empty());
  EXPECT_EQ(pieces.pending(), 0u);  // nothing held for a peer that never stops
  pieces.reset();
  EXPECT_EQ(feed(pieces, "ok\n", got), LineFramer::Status::kOk);
  EXPECT_EQ(got, Lines{"ok"});
  // A '\r' past the limit that is not followed by '\n' is content.
  LineFramer cr(3);
  EXPECT_EQ(feed(cr, "abc\r", got), LineFramer::Status::kOk);
  EXPECT_EQ(feed(cr, "x", got), LineFramer::Status::kTooLong);
}

TEST(LineFramer, LinesBeforeAnOverLongOneAreDelivered) {
  LineFramer f(4);
  Lines got;
  EXPECT_EQ(feed(f, "ab\ncd\nefghij\n", got), LineFramer::Status::kTooLong);
  EXPECT_EQ(got, (Lines{"ab", "cd"}));
}

}  // namespace
}  // namespace sockscope::net
