#include "core/text.h"

#include <gtest/gtest.h>

namespace sockscope {
namespace {

TEST(EscapeNonprintable, KeepsPrintableEscapesTheRest) {
  EXPECT_EQ(escape_nonprintable("hello"), "hello");
  EXPECT_EQ(escape_nonprintable("a\nb\r\t"), "a\\nb\\r\\t");
  EXPECT_EQ(escape_nonprintable(std::string("\x1b[2J\x00", 5)), "\\x1b[2J\\x00");
  EXPECT_EQ(escape_nonprintable("\xff"), "\\xff");
}

TEST(ToUpperAscii, LeavesUtf8Alone) {
  EXPECT_EQ(to_upper_ascii("hello, World 1"), "HELLO, WORLD 1");
  EXPECT_EQ(to_upper_ascii("caf\xc3\xa9"), "CAF\xc3\xa9");
}

TEST(Utf8Length, CountsCodePoints) {
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("caf\xc3\xa9"), 4u);
  EXPECT_EQ(utf8_length("\xe2\x82\xac"), 1u);
  EXPECT_EQ(utf8_length("\xc3"), 1u);  // truncated sequence counts once
}

TEST(ParseDecimal, Strict) {
  long long v = 0;
  EXPECT_TRUE(parse_decimal("42", 0, 100, v));
  EXPECT_EQ(v, 42);
  EXPECT_FALSE(parse_decimal("101", 0, 100, v));
  EXPECT_FALSE(parse_decimal("+1", 0, 100, v));
  EXPECT_FALSE(parse_decimal("1 ", 0, 100, v));
  EXPECT_FALSE(parse_decimal("99999999999999999999999", 0, 100, v));
}

TEST(ParseSeconds, PositiveFinite) {
  double s = 0;
  EXPECT_TRUE(parse_seconds("1.5", s));
  EXPECT_DOUBLE_EQ(s, 1.5);
  EXPECT_FALSE(parse_seconds("0", s));
  EXPECT_FALSE(parse_seconds("-1", s));
  EXPECT_FALSE(parse_seconds("nan", s));
  EXPECT_FALSE(parse_seconds("inf", s));
  EXPECT_FALSE(parse_seconds("1s", s));
}

}  // namespace
}  // namespace sockscope

namespace sockscope {
namespace {

TEST(Utf8SequenceAt, WholeSequencesOnly) {
  EXPECT_EQ(utf8_sequence_at("a", 0), 1u);
  EXPECT_EQ(utf8_sequence_at("caf\xc3\xa9", 3), 2u);
  EXPECT_EQ(utf8_sequence_at("\xe2\x82\xac", 0), 3u);
  EXPECT_EQ(utf8_sequence_at("\xf0\x9f\x98\x80", 0), 4u);
  EXPECT_EQ(utf8_sequence_at("\xe2\x82", 0), 0u);  // cut short
  EXPECT_EQ(utf8_sequence_at("\x82", 0), 0u);      // a stray continuation byte
  EXPECT_EQ(utf8_sequence_at("\xc3(", 0), 0u);     // lead without its continuation
  EXPECT_EQ(utf8_lead_width(0xff), 0u);
  // not well-formed (RFC 3629), so never passed on as text: overlong forms, surrogates,
  // code points past U+10FFFF
  EXPECT_EQ(utf8_sequence_at("\xc1\xb2", 0), 0u);
  EXPECT_EQ(utf8_sequence_at("\xc0\x80", 0), 0u);
  EXPECT_EQ(utf8_sequence_at("\xe0\x80\xaf", 0), 0u);
  EXPECT_EQ(utf8_sequence_at("\xed\xa0\x80", 0), 0u);
  EXPECT_EQ(utf8_sequence_at("\xf0\x8f\xbf\xbf", 0), 0u);
  EXPECT_EQ(utf8_sequence_at("\xf4\x90\x80\x80", 0), 0u);
  EXPECT_EQ(utf8_sequence_at("\xf5\x80\x80\x80", 0), 0u);
  EXPECT_EQ(utf8_sequence_at("\xc2\x80", 0), 2u);  // the first of each length
  EXPECT_EQ(utf8_sequence_at("\xe0\xa0\x80", 0), 3u);
  EXPECT_EQ(utf8_sequence_at("\xed\x9f\xbf", 0), 3u);      // U+D7FF
  EXPECT_EQ(utf8_sequence_at("\xf4\x8f\xbf\xbf", 0), 4u);  // U+10FFFF
}

}  // namespace
}  // namespace sockscope

namespace sockscope {
namespace {

TEST(PrintableUtf8, ReadableButSafe) {
  EXPECT_EQ(printable_utf8("caf\xc3\xa9 \xe2\x82\xac", LineBreaks::kEscape),
            "caf\xc3\xa9 \xe2\x82\xac");
  EXPECT_EQ(printable_utf8("a\nb\t\\", LineBreaks::kEscape), "a\\nb\\t\\\\");
  EXPECT_EQ(printable_utf8("a\nb\t", LineBreaks::kKeep), "a\nb\t");
  EXPECT_EQ(printable_utf8("\x1b[2J\xc2\x9b\xff", LineBreaks::kEscape), "\\x1b[2J\\xc2\\x9b\\xff");
  EXPECT_EQ(printable_utf8("\r\x7f", LineBreaks::kKeep), "\\x0d\\x7f");
}

}  // namespace
}  // namespace sockscope

namespace sockscope {
namespace {

TEST(XmlEscape, MarkupQuotesAndControlBytes) {
  EXPECT_EQ(xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(xml_escape(std::string("x\x01y\tz\n", 6)), "x y\tz\n");
  EXPECT_EQ(xml_escape("plain 192.0.2.1:80"), "plain 192.0.2.1:80");
}

}  // namespace
}  // namespace sockscope
