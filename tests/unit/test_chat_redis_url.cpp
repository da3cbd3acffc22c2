#include <gtest/gtest.h>

#include "chat/redis_link.h"

namespace sockscope::chat {
namespace {

TEST(RedisUrl, HostAndPort) {
  std::string error;
  RedisTarget t = parse_redis_url("redis://127.0.0.1:6390", error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(t.host, "127.0.0.1");
  EXPECT_EQ(t.port, 6390);
}

TEST(RedisUrl, DefaultPortAndTrailingSlash) {
  std::string error;
  RedisTarget t = parse_redis_url("redis://cache.example/", error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(t.host, "cache.example");
  EXPECT_EQ(t.port, 6379);
}

TEST(RedisUrl, Ipv6Literal) {
  std::string error;
  RedisTarget t = parse_redis_url("redis://[::1]:7000", error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(t.host, "::1");
  EXPECT_EQ(t.port, 7000);
  t = parse_redis_url("redis://[::1]", error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(t.port, 6379);
}

TEST(RedisUrl, PasswordUserAndDatabase) {
  std::string error;
  RedisTarget t = parse_redis_url("redis://:s%40cret@10.0.0.1:7000/3", error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(t.host, "10.0.0.1");
  EXPECT_EQ(t.port, 7000);
  EXPECT_EQ(t.user, "");
  EXPECT_EQ(t.password, "s@cret");
  t = parse_redis_url("redis://chat:p:w@[::1]/", error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(t.host, "::1");
  EXPECT_EQ(t.user, "chat");
  EXPECT_EQ(t.password, "p:w");
  t = parse_redis_url("redis://h", error);
  EXPECT_EQ(t.password, "");
}

TEST(RedisUrl, Refused) {
  std::string error;
  for (const char* bad :
       {"http://x", "127.0.0.1:6379", "redis://", "redis://:6379", "redis://h:", "redis://h:0",
        "redis://h:65536", "redis://h:12ab", "redis://[::1", "redis://[::1]x", "redis://pw@h",
        "redis://:@h", "redis://:p%zz@h", "redis://:p%4@h", "redis://h/x", "rediss://h"}) {
    parse_redis_url(bad, error);
    EXPECT_NE(error, "") << bad;
  }
}

}  // namespace
}  // namespace sockscope::chat
