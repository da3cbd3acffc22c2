#include "http/url.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "http/client.h"

namespace sockscope::http {
namespace {

TEST(ParseUrl, Forms) {
  Url a = parse_url("http://lab.example/index.html?x=1#top");
  EXPECT_FALSE(a.tls);
  EXPECT_EQ(a.host, "lab.example");
  EXPECT_EQ(a.port, 80);
  EXPECT_EQ(a.target, "/index.html?x=1");
  EXPECT_EQ(a.host_header, "lab.example");
  Url b = parse_url("HTTPS://192.0.2.2:8443");
  EXPECT_TRUE(b.tls);
  EXPECT_EQ(b.port, 8443);
  EXPECT_EQ(b.target, "/");
  EXPECT_EQ(b.host_header, "192.0.2.2:8443");
  Url c = parse_url("http://[2001:db8::1]:8080/");
  EXPECT_EQ(c.host, "2001:db8::1");
  EXPECT_EQ(c.host_header, "[2001:db8::1]:8080");
  Url d = parse_url("https://x:443?q");
  EXPECT_EQ(d.host_header, "x");
  EXPECT_EQ(d.target, "/?q");
}

TEST(ParseUrl, BadOnesAreUsageErrors) {
  for (const char* bad :
       {"", "ftp://x/", "http://", "http://:80/", "http://x:0/", "http://x:65536/", "http://x:/",
        "http://[::1/", "http://[nope]/", "http://a b/", "http://u@x/", "http://2001:db8::1/"}) {
    EXPECT_THROW(parse_url(bad), Error) << bad;
  }
}

TEST(BuildRequest, Http11WithHostUserAgentAndClose) {
  RequestOptions options;
  options.url = parse_url("http://192.0.2.2:8080/ua");
  options.user_agent = "Mozilla/lm3nitro 1.0";
  options.headers = {parse_header_arg("X-Lab:  four"), parse_header_arg("user-agent: mine")};
  EXPECT_EQ(build_request(options),
            "GET /ua HTTP/1.1\r\nHost: 192.0.2.2:8080\r\nUser-Agent: mine\r\nAccept: */*\r\n"
            "Connection: close\r\nX-Lab: four\r\n\r\n");
  options.head = true;
  options.headers.clear();
  EXPECT_EQ(build_request(options).substr(0, 9), "HEAD /ua ");
}

TEST(ParseHeaderArg, RefusesInjection) {
  EXPECT_THROW(parse_header_arg("X: a\r\nY: b"), Error);
  EXPECT_THROW(parse_header_arg("No colon"), Error);
  EXPECT_THROW(parse_header_arg(": empty name"), Error);
  EXPECT_THROW(parse_header_arg("Bad Name: v"), Error);
  EXPECT_EQ(parse_header_arg("K:").second, "");
}

}  // namespace
}  // namespace sockscope::http
