#include "http/response_parser.h"

#include <gtest/gtest.h>

namespace sockscope::http {
namespace {

ParseState feed_all(ResponseParser& p, std::string_view bytes) {
  ParseState s = p.feed(bytes);
  return s == ParseState::kNeedMore ? p.finish() : s;
}

TEST(ResponseParser, ContentLength) {
  ResponseParser p;
  EXPECT_EQ(p.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: x\r\n\r\nhel"),
            ParseState::kNeedMore);
  EXPECT_EQ(p.feed("lo and more"), ParseState::kComplete);
  EXPECT_EQ(p.response().status, 200);
  EXPECT_EQ(p.response().reason, "OK");
  EXPECT_EQ(p.response().version, "HTTP/1.1");
  EXPECT_EQ(p.response().body, "hello");
  ASSERT_NE(p.response().header("server"), nullptr);
  EXPECT_EQ(*p.response().header("SERVER"), "x");
  EXPECT_EQ(p.response().head, "HTTP/1.1 200 OK\nContent-Length: 5\nServer: x\n");
}

TEST(ResponseParser, ChunkedOneByteAtATime) {
  std::string_view wire =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n1\r\n!\r\n0\r\nT: "
      "1\r\n\r\n";
  ResponseParser p;
  ParseState s = ParseState::kNeedMore;
  for (char c : wire) s = p.feed(std::string_view(&c, 1));
  EXPECT_EQ(s, ParseState::kComplete);
  EXPECT_EQ(p.response().body, "hello!");
}

TEST(ResponseParser, BodyUntilCloseAndHead) {
  ResponseParser until_close;
  EXPECT_EQ(feed_all(until_close, "HTTP/1.0 200 OK\r\n\r\nall of it"), ParseState::kComplete);
  EXPECT_EQ(until_close.response().body, "all of it");
  ResponseParser head(true);
  EXPECT_EQ(head.feed("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"), ParseState::kComplete);
  EXPECT_EQ(head.response().body, "");
}

TEST(ResponseParser, InterimResponsesAreSkipped) {
  ResponseParser p;
  EXPECT_EQ(p.feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"),
            ParseState::kComplete);
  EXPECT_EQ(p.response().status, 204);
}

TEST(ResponseParser, TruncatedIsNotInvalid) {
  ResponseParser nothing;
  EXPECT_EQ(nothing.finish(), ParseState::kTruncated);
  EXPECT_EQ(nothing.error(), "the server closed without a response");
  ResponseParser short_body;
  EXPECT_EQ(feed_all(short_body, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"),
            ParseState::kTruncated);
  EXPECT_EQ(short_body.error(), "the server closed in the middle of the body");
}

TEST(ResponseParser, InvalidInputsSayWhy) {
  ResponseParser ssh;
  EXPECT_EQ(ssh.feed("SSH-2.0-OpenSSH"), ParseState::kInvalid);  // no line end needed
  EXPECT_EQ(ssh.error(), "not an HTTP response: 'SSH-2.0-OpenSSH'");
  ResponseParser status;
  EXPECT_EQ(status.feed("HTTP/1.1 20x OK\r\n"), ParseState::kInvalid);
  ResponseParser lengths;
  EXPECT_EQ(lengths.feed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
            ParseState::kInvalid);
  EXPECT_EQ(lengths.error(), "conflicting Content-Length headers");
  ResponseParser negative;
  EXPECT_EQ(negative.feed("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"), ParseState::kInvalid);
  ResponseParser chunk;
  EXPECT_EQ(chunk.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
            ParseState::kInvalid);
  ResponseParser header;
  EXPECT_EQ(header.feed("HTTP/1.1 200 OK\r\nno colon here\r\n"), ParseState::kInvalid);
}

TEST(ResponseParser, LimitsHold) {
  ParserLimits tight{32, 2, 128, 8};
  ResponseParser long_line(false, tight);
  EXPECT_EQ(long_line.feed("HTTP/1.1 200 " + std::string(100, 'x')), ParseState::kInvalid);
  ResponseParser many(false, tight);
  EXPECT_EQ(many.feed("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n"), ParseState::kInvalid);
  ResponseParser big_length(false, tight);
  EXPECT_EQ(big_length.feed("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n"), ParseState::kInvalid);
  ResponseParser big_close(false, tight);
  EXPECT_EQ(big_close.feed("HTTP/1.0 200 OK\r\n\r\n123456789"), ParseState::kInvalid);
  EXPECT_LE(big_close.response().body.size(), 8u);
  ResponseParser big_chunk(false, tight);
  EXPECT_EQ(
      big_chunk.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffff\r\n"),
      ParseState::kInvalid);
}

}  // namespace
}  // namespace sockscope::http
