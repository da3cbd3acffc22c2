// The OS hint from TTL and window, and RFC 4180 quoting of banners.csv.
#include <gtest/gtest.h>

#include <sstream>

#include "discover/banners_csv.h"
#include "net/os_hint.h"

namespace sockscope::discover {
namespace {
using net::os_hint;

TEST(OsHint, Families) {
  EXPECT_EQ(os_hint(64, 64240)->family, "Linux");
  EXPECT_EQ(os_hint(61, 29200)->family, "Linux");
  EXPECT_EQ(os_hint(64, 65535)->family, "BSD or macOS");
  EXPECT_EQ(os_hint(64, 1024)->family, "Linux or BSD");
  EXPECT_EQ(os_hint(64, -1)->family, "Linux or BSD");
  EXPECT_EQ(os_hint(128, 8192)->family, "Windows");
  EXPECT_EQ(os_hint(116, 65535)->family, "Windows");
  EXPECT_EQ(os_hint(250, 4128)->family, "Solaris or network equipment");
  EXPECT_EQ(os_hint(30, 8192)->family, "old Windows (9x/NT)");
  EXPECT_FALSE(os_hint(0, 64240));
  EXPECT_FALSE(os_hint(-1, -1));
  EXPECT_FALSE(os_hint(256, 0));
}

TEST(OsHint, EvidenceAndGuessLabel) {
  auto h = os_hint(57, 64240);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->initial_ttl, 64);
  EXPECT_EQ(h->hops, 7);
  EXPECT_EQ(h->evidence, "TTL 57 (starts at 64, 7 hops), window 64240");
  EXPECT_EQ(h->text(),
            "Linux-style stack (a guess from TTL 57 (starts at 64, 7 hops), window 64240)");
  EXPECT_EQ(os_hint(127, -1)->evidence, "TTL 127 (starts at 128, 1 hop)");
}

TEST(BannersCsv, Rfc4180Quoting) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("line1\nline2"), "\"line1\nline2\"");
  EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(csv_field("\""), "\"\"\"\"");
}

TEST(BannersCsv, HeaderAndRows) {
  std::ostringstream out;
  write_banners_csv_header(out);
  write_banners_csv_row(out, {"127.0.0.1", 22, "SSH", "SSH-2.0-OpenSSH_7.6p1"});
  write_banners_csv_row(out,
                        {"127.0.0.1", 80, "HTTP", "HTTP/1.1 200 OK\\nServer: nginx/1.18, \"x\""});
  EXPECT_EQ(out.str(),
            "host,port,service_hint,banner_snippet\r\n"
            "127.0.0.1,22,SSH,SSH-2.0-OpenSSH_7.6p1\r\n"
            "127.0.0.1,80,HTTP,\"HTTP/1.1 200 OK\\nServer: nginx/1.18, \"\"x\"\"\"\r\n");
}

}  // namespace
}  // namespace sockscope::discover
