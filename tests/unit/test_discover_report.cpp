// The report: a scan's -oJ document (as json_writers.cpp writes it today, plus the banner
// fields discovery will add) in, Markdown and HTML out; banner leaks and their advice.
#include <gtest/gtest.h>

#include "core/error.h"
#include "discover/banner_leaks.h"
#include "discover/report.h"

namespace sockscope::discover {
namespace {

const char* kScan =
    R"({"scanner":"sockscope","version":"0.1.0","arguments":"sockscope scan -sS -p 22,25,80,8000 -oJ s.json 192.0.2.10","argv":[],"scan_types":["syn"],"start":1796370557,"startstr":"2026-12-04T07:49:17Z",
"hosts":[
{"elapsed":0.25,"end":1796370557,"host":"192.0.2.10","results":[
 {"port":22,"proto":"tcp","open":true,"state":"open","reason":"syn-ack","service":"ssh","ttl":63,"window":64240,"product":"OpenSSH","version":"9.2p1","info":"protocol 2.0 Debian-2+deb12u3"},
 {"port":25,"proto":"tcp","open":true,"state":"open","reason":"syn-ack","service":"smtp","ttl":63,"window":64240,"banner":"220 mail.corp.example ESMTP Exim 4.96 Fri, 04 Dec 2026\r\n"},
 {"port":80,"proto":"tcp","open":true,"state":"open","reason":"syn-ack","service":"http","ttl":63,"window":64240,"banner":"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nX-Powered-By: PHP/8.2.7\r\n\r\n<script>x|y</script>"},
 {"port":8000,"proto":"tcp","open":false,"state":"closed","reason":"reset","service":"http-alt","ttl":63,"window":0}]}
],"elapsed":0.3,"hosts_up":1,"hosts_total":1,"interrupted":false})";

const char* kLog =
    "2026-12-04T07:49:17Z\tcommand=sockscope scan -sS -p 22 192.0.2.10\ttargets=192.0.2.10\t"
    "ports=22\tmode=syn\tduration=0.30s\topen=3\n";

std::string markdown() {
  return render_markdown(build_report({kScan, "s.json", kLog}, FingerprintDb::builtin()));
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Report, HostsPortsAndOsHint) {
  std::string md = markdown();
  EXPECT_TRUE(has(md,
                  "| 192.0.2.10 | 3 | Linux-style stack (a guess from TTL 63 (starts at 64, 1 "
                  "hop), window 64240) |"))
      << md;
  EXPECT_TRUE(has(md, "| 22/tcp | open | syn-ack | ssh | OpenSSH | 9.2p1 |  |")) << md;
  EXPECT_FALSE(has(md, "8000/tcp"));  // closed ports are counted, not listed
  EXPECT_TRUE(has(md, "1 closed or filtered not listed"));
}

TEST(Report, BannersAreFingerprintedAndTheirLeaksAdvised) {
  std::string md = markdown();
  EXPECT_TRUE(has(md, "| 25/tcp | open | syn-ack | smtp | Exim smtpd | 4.96 |")) << md;
  EXPECT_TRUE(has(md, "version string: Exim smtpd 4.96. Recommendation: Set 'smtp\\_banner")) << md;
  EXPECT_TRUE(has(md, "host name: mail.corp.example")) << md;
  EXPECT_TRUE(has(md, "version string: nginx 1.22.1. Recommendation: Set 'server\\_tokens off;'"))
      << md;
  EXPECT_TRUE(has(md, "framework: PHP/8.2.7")) << md;
  EXPECT_TRUE(has(md, "version string: OpenSSH 9.2p1 (protocol 2.0 Debian-2+deb12u3)")) << md;
}

TEST(Report, PeerTextCannotBreakTheMarkdownOrThePage) {
  std::string md = markdown();
  EXPECT_FALSE(has(md, "<script>"));
  EXPECT_TRUE(has(md, "&lt;script&gt;x\\|y&lt;/script&gt;")) << md;
  std::string html =
      render_html(build_report({kScan, "s.json", std::nullopt}, FingerprintDb::builtin()));
  EXPECT_FALSE(has(html, "<script>"));
  EXPECT_TRUE(has(html, "&lt;script&gt;x|y&lt;/script&gt;"));
  EXPECT_TRUE(has(html, "<th>Port</th>"));
  EXPECT_FALSE(has(html, "Timings"));  // no log given
}

TEST(Report, TimingsFromTheActivityLog) {
  EXPECT_TRUE(has(markdown(), "| 2026-12-04T07:49:17Z | syn | 192.0.2.10 | 22 | 0.30s | 3 |"));
}

TEST(Report, NotScanJsonIsAUsageError) {
  for (const char* bad : {"", "{", "[]", "{\"hosts\":3}", "<nmaprun/>"}) {
    try {
      (void)build_report({bad, "x.json", std::nullopt}, FingerprintDb::builtin());
      ADD_FAILURE() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kUsage);
      EXPECT_TRUE(has(e.what(), "x.json: not a scan -oJ document"));
    }
  }
}

TEST(BannerLeaks, OneStepEach) {
  auto leaks = banner_leaks({"redis", "Redis", "7.0.15", "", "", ""});
  ASSERT_EQ(leaks.size(), 1u);
  EXPECT_EQ(leaks[0].what, "version string: Redis 7.0.15");
  EXPECT_TRUE(has(leaks[0].recommendation, "protected-mode"));
  EXPECT_TRUE(banner_leaks({"http", "", "", "", "", "HTTP/1.1 200 OK\r\n\r\n"}).empty());
  auto escaped =
      banner_leaks({"http", "", "", "", "", "HTTP/1.1 200 OK\\r\\nX-Powered-By: Express\\r\\n"});
  ASSERT_EQ(escaped.size(), 1u);
  EXPECT_EQ(escaped[0].what, "framework: Express");
}

}  // namespace
}  // namespace sockscope::discover

namespace sockscope::discover {
namespace {

// scan --banners records a banner already escaped to one line ("\r\n" as backslash
// sequences): the report shows it escaped once, not with every backslash doubled again.
TEST(Report, ABannerScanAlreadyEscapedIsNotEscapedTwice) {
  const char* scan =
      R"({"scanner":"sockscope","hosts":[{"host":"192.0.2.10","results":[)"
      R"({"port":80,"proto":"tcp","open":true,"state":"open","reason":"syn-ack","service":"http",)"
      R"("ttl":64,"service_method":"probed","product":"nginx","banner":"HTTP/1.1 200 OK\\r\\nServer: nginx"}]}]})";
  std::string md =
      render_markdown(build_report({scan, "s.json", std::nullopt}, FingerprintDb::builtin()));
  // The cell escapes each backslash once (printable_utf8) and Markdown once more: four
  // in the source, where escaping the snippet again made eight.
  EXPECT_TRUE(has(md, "HTTP/1.1 200 OK\\\\\\\\r\\\\\\\\nServer: nginx |")) << md;
  EXPECT_FALSE(has(md, "\\\\\\\\\\\\\\\\")) << md;
}

}  // namespace
}  // namespace sockscope::discover
