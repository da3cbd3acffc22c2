#include "serve/reply_mode.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace sockscope::serve {
namespace {

TEST(ReplyMode, ParsesEveryMode) {
  EXPECT_EQ(describe(parse_reply_mode("upper")), "upper");
  EXPECT_EQ(describe(parse_reply_mode("echo")), "echo");
  EXPECT_EQ(describe(parse_reply_mode("discard")), "discard");
  EXPECT_EQ(describe(parse_reply_mode("text:server over TCP is working")),
            "text:server over TCP is working");
  EXPECT_THROW(parse_reply_mode("uppercase"), Error);
  EXPECT_THROW(parse_reply_mode(""), Error);
}

TEST(ReplyMode, Replies) {
  EXPECT_EQ(reply_for(ReplyUpper{}, "hello"), "HELLO");
  EXPECT_EQ(reply_for(ReplyEcho{}, "hello"), "hello");
  EXPECT_EQ(reply_for(ReplyDiscard{}, "hello"), "");
  EXPECT_EQ(reply_for(ReplyText{"banner"}, "hello"), "banner");
  EXPECT_TRUE(closes_after_reply(ReplyText{"x"}));
  EXPECT_FALSE(closes_after_reply(ReplyUpper{}));
}

TEST(ReplyMode, RepliesInPlaceLikeReplyFor) {
  for (const ReplyMode& mode : {ReplyMode{ReplyUpper{}}, ReplyMode{ReplyEcho{}},
                                ReplyMode{ReplyDiscard{}}, ReplyMode{ReplyText{"banner"}}}) {
    std::string buffer = "Mixed case, 123 \xff bytes\n";
    std::string expected = reply_for(mode, buffer);
    EXPECT_EQ(reply_in_place(mode, std::span<char>(buffer.data(), buffer.size())), expected)
        << describe(mode);
  }
  std::string buffer = "abc";
  std::string_view reply =
      reply_in_place(ReplyUpper{}, std::span<char>(buffer.data(), buffer.size()));
  EXPECT_EQ(reply.data(), buffer.data());  // no copy: the read buffer itself
  EXPECT_EQ(buffer, "ABC");
}

}  // namespace
}  // namespace sockscope::serve

namespace sockscope::serve {
namespace {

TEST(ParseReplyModeReview, EmptyBannerIsABadValue) {
  EXPECT_THROW(parse_reply_mode("text:"), Error);
  EXPECT_EQ(describe(parse_reply_mode("text: ")), "text: ");
}

}  // namespace
}  // namespace sockscope::serve
