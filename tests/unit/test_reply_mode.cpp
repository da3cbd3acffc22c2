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
}

TEST(ReplyMode, UpperAnswersOnceUnlessLoop) {
  EXPECT_TRUE(closes_after_reply(ReplyText{"x"}, false));
  EXPECT_TRUE(closes_after_reply(ReplyText{"x"}, true));  // a banner is always once
  EXPECT_TRUE(closes_after_reply(ReplyUpper{}, false));   // as the lab's TCPServer.py
  EXPECT_FALSE(closes_after_reply(ReplyUpper{}, true));
  EXPECT_FALSE(closes_after_reply(ReplyEcho{}, false));
  EXPECT_FALSE(closes_after_reply(ReplyDiscard{}, false));
}

TEST(ReplyMode, UpperIsPythonsStrUpper) {
  // Python: 'héllo straße'.upper() == 'HÉLLO STRASSE'; 'ΐ' -> 'Ϊ́' (three code points).
  EXPECT_EQ(reply_for(ReplyUpper{},
                      "h\xc3\xa9llo stra\xc3\x9f"
                      "e"),
            "H\xc3\x89LLO STRASSE");
  EXPECT_EQ(reply_for(ReplyUpper{}, "\xce\x90"), "\xce\x99\xcc\x88\xcc\x81");
  // Not UTF-8: passed through unchanged, the ASCII around it upper-cased.
  EXPECT_EQ(reply_for(ReplyUpper{}, "a\xff\xc3z"), "A\xff\xc3Z");
}

TEST(ReplyMode, RepliesInPlaceLikeReplyFor) {
  for (const ReplyMode& mode : {ReplyMode{ReplyUpper{}}, ReplyMode{ReplyEcho{}},
                                ReplyMode{ReplyDiscard{}}, ReplyMode{ReplyText{"banner"}}}) {
    for (std::string buffer : {"Mixed case, 123 \xff bytes\n",
                               "stra\xc3\x9f"
                               "e"}) {
      std::string expected = reply_for(mode, buffer);
      std::string scratch;
      EXPECT_EQ(reply_in_place(mode, std::span<char>(buffer.data(), buffer.size()), scratch),
                expected)
          << describe(mode);
    }
  }
  std::string buffer = "abc";
  std::string scratch;
  std::string_view reply =
      reply_in_place(ReplyUpper{}, std::span<char>(buffer.data(), buffer.size()), scratch);
  EXPECT_EQ(reply.data(), buffer.data());  // ASCII, no copy: the read buffer itself
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

#include "serve/udp_server.h"

namespace sockscope::serve {
namespace {

TEST(UdpReply, NeverMoreThanThreeTimesTheRequest) {
  std::string banner(8000, 'b');
  EXPECT_EQ(capped_udp_reply(banner, 0), "");
  EXPECT_EQ(capped_udp_reply(banner, 10).size(), 30u);
  EXPECT_EQ(capped_udp_reply("short", 10), "short");
  // Upper-casing fits: its worst case is three times.
  std::string greek = "\xce\x90";
  EXPECT_EQ(capped_udp_reply(reply_for(ReplyUpper{}, greek), greek.size()),
            reply_for(ReplyUpper{}, greek));
}

}  // namespace
}  // namespace sockscope::serve
