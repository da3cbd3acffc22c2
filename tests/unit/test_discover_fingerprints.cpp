// The shipped fingerprints against greetings as the real servers send them, the false
// positives other scanners are known for, and the file format's error messages.
#include "discover/fingerprints.h"

#include <gtest/gtest.h>

#include <chrono>

#include "core/error.h"
#include "discover/banner_grabber.h"

namespace sockscope::discover {
namespace {

using namespace std::string_literals;

const FingerprintDb& db() {
  static const FingerprintDb d = FingerprintDb::builtin();
  return d;
}

struct Expect {
  std::string service;
  std::string product;
  std::string version;
};

void expect_match(std::string_view reply, std::string_view probe, const Expect& want) {
  auto m = db().match(reply, probe);
  ASSERT_TRUE(m.has_value()) << "no match for " << reply;
  EXPECT_EQ(m->service, want.service) << reply;
  EXPECT_EQ(m->product, want.product) << reply;
  EXPECT_EQ(m->version, want.version) << reply;
}

TEST(Fingerprints, ShippedFileLoads) {
  EXPECT_GT(db().size(), 30u);
  for (const char* p :
       {"passive", "http", "smtp", "tls", "redis", "memcached", "pgsql", "dns", "ntp", "snmp"}) {
    EXPECT_NE(db().probe(p), nullptr) << p;
  }
  EXPECT_EQ(db().probe("http")->payload, "GET / HTTP/1.0\r\nHost: example\r\n\r\n");
  EXPECT_EQ(db().probe("ntp")->payload.size(), 48u);
  EXPECT_EQ(db().probe("ntp")->transport, net::Transport::kUdp);
}

TEST(Fingerprints, Ssh) {
  expect_match("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", "passive",
               {"ssh", "OpenSSH", "9.2p1"});
  auto m = db().match("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", "http");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->info, "protocol 2.0 Debian-2+deb12u3");
  expect_match("SSH-2.0-dropbear_2022.83\r\n", "passive", {"ssh", "Dropbear sshd", "2022.83"});
  expect_match("SSH-2.0-libssh_0.10.4\r\n", "passive", {"ssh", "libssh_0.10.4", ""});
}

TEST(Fingerprints, HttpServers) {
  expect_match("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: x\r\n\r\n<html>", "http",
               {"http", "nginx", "1.22.1"});
  expect_match("HTTP/1.1 404 Not Found\r\nDate: x\r\nServer: Apache/2.4.57 (Debian)\r\n\r\n",
               "http", {"http", "Apache httpd", "2.4.57"});
  expect_match("HTTP/1.0 200 OK\r\nserver: lighttpd/1.4.69\r\n\r\n", "http",
               {"http", "lighttpd", "1.4.69"});
  expect_match("HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\n\r\n", "http",
               {"http", "SimpleHTTP", "0.6"});
  expect_match("HTTP/1.1 200 OK\r\nServer: Caddy\r\n\r\n", "http", {"http", "Caddy", ""});
  expect_match(
      "HTTP/1.0 200 ok\r\nContent-type: text/html\r\n\r\n<HTML><BODY BGCOLOR=\"#ffffff\">\r\n"
      "<pre>\r\n\r\ns_server -www -accept 4433\r\n",
      "http", {"http", "OpenSSL s_server", ""});
  expect_match("HTTP/1.1 204 No Content\r\n\r\n", "http", {"http", "", ""});
}

// Regression: an HTTP error page is HTTP, whatever its body says; loose patterns elsewhere
// have taken such pages for SSH, SMTP or RTSP.
TEST(Fingerprints, HttpErrorPageIsHttp) {
  std::string page =
      "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Type: text/html\r\n\r\n"
      "<html><body>SSH-2.0-OpenSSH_1.0\r\n220 mail ESMTP Postfix\r\nRTSP/1.0 200 OK\r\n"
      "+OK Dovecot ready.\r\nVERSION 1.2.3\r\n</body></html>";
  expect_match(page, "http", {"http", "nginx", ""});
}

TEST(Fingerprints, HttpIsNotRtsp) {
  expect_match("HTTP/1.0 200 OK\r\nContent-Length: 16\r\n\r\nRTSP/1.0 200 OK\r\n", "http",
               {"http", "", ""});
  expect_match("RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n", "http", {"rtsp", "", ""});
}

TEST(Fingerprints, ServerHeaderOnlyInTheHead) {
  // "Server:" inside the body is not the server's header.
  expect_match("HTTP/1.1 200 OK\r\nContent-Length: 19\r\n\r\nServer: nginx/1.0\r\n", "http",
               {"http", "", ""});
}

TEST(Fingerprints, MailAndFtp) {
  expect_match("220 mail.example.org ESMTP Postfix (Debian/GNU)\r\n", "passive",
               {"smtp", "Postfix smtpd", ""});
  auto m =
      db().match("220 mx.example.org ESMTP Exim 4.96 Fri, 04 Dec 2026 07:00:00 +0000\r\n", "smtp");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->product, "Exim smtpd");
  EXPECT_EQ(m->version, "4.96");
  EXPECT_EQ(m->hostname, "mx.example.org");
  expect_match("220 (vsFTPd 3.0.3)\r\n", "http", {"ftp", "vsftpd", "3.0.3"});
  expect_match("220 ProFTPD Server (Debian) [::ffff:192.0.2.1]\r\n", "passive",
               {"ftp", "ProFTPD", ""});
  expect_match("220 ProFTPD 1.3.8 Server (Debian)\r\n", "passive", {"ftp", "ProFTPD", "1.3.8"});
  expect_match("220 files.example FTP server ready\r\n", "passive", {"ftp", "", ""});
  expect_match("+OK Dovecot (Debian) ready.\r\n", "passive", {"pop3", "Dovecot pop3d", ""});
  expect_match(
      "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS "
      "AUTH=PLAIN] Dovecot (Debian) ready.\r\n",
      "passive", {"imap", "Dovecot imapd", ""});
}

TEST(Fingerprints, KeyValueStores) {
  expect_match("$575\r\n# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:0\r\n", "redis",
               {"redis", "Redis", "7.0.15"});
  expect_match("-ERR wrong number of arguments for 'get' command\r\n", "http",
               {"redis", "Redis", ""});
  expect_match("VERSION 1.6.18\r\n", "memcached", {"memcached", "Memcached", "1.6.18"});
  // A probe's pattern is read only in answer to that probe.
  EXPECT_FALSE(db().match("VERSION 1.6.18\r\n", "http"));
}

TEST(Fingerprints, Databases) {
  std::string mysql = "\x4a\x00\x00\x00\x0a"s + "8.0.36" + "\x00\x08\x00\x00\x00"s;
  expect_match(mysql, "passive", {"mysql", "MySQL", "8.0.36"});
  std::string maria = "\x5b\x00\x00\x00\x0a"s + "5.5.5-10.11.6-MariaDB-0+deb12u1" + "\x00\x01"s;
  expect_match(maria, "http", {"mysql", "MariaDB", "10.11.6"});
  std::string denied = "\x45\x00\x00\x00\xff\x6a\x04"s +
                       "Host '192.0.2.1' is not allowed to connect to this MariaDB server";
  auto m = db().match(denied, "passive");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->product, "MariaDB");
  EXPECT_EQ(m->hostname, "192.0.2.1");
  expect_match("R\x00\x00\x00\x08\x00\x00\x00\x03"s, "pgsql", {"postgresql", "PostgreSQL", ""});
  expect_match("E\x00\x00\x00\x60SFATAL\x00VFATAL\x00"s, "pgsql", {"postgresql", "PostgreSQL", ""});
  EXPECT_FALSE(db().match("R\x00\x00\x00\x08\x00\x00\x00\x03"s, "http"));
}

TEST(Fingerprints, UdpServices) {
  std::string dns = "\x53\x53\x84\x00\x00\x01\x00\x01\x00\x00\x00\x00"s +
                    "\x07version\x04"
                    "bind\x00\x00\x10\x00\x03"s +
                    "\xc0\x0c\x00\x10\x00\x03\x00\x00\x00\x00\x00\x0d\x0c"s + "dnsmasq-2.89";
  expect_match(dns, "dns", {"domain", "dnsmasq", "2.89"});
  std::string ntp(48, '\0');
  ntp[0] = '\x24';
  ntp[1] = '\x02';
  expect_match(ntp, "ntp", {"ntp", "NTP", ""});
  EXPECT_FALSE(db().match(std::string(48, '\0'), "ntp"));  // mode 0 is no server
}

TEST(Fingerprints, TlsAlertMeansLookInside) {
  expect_match("\x15\x03\x01\x00\x02\x02\x46"s, "http", {"ssl", "", ""});
}

TEST(Fingerprints, PortsFirst) {
  EXPECT_EQ(db().probes_first(6379, net::Transport::kTcp), std::vector<std::string>{"redis"});
  EXPECT_EQ(db().probes_first(443, net::Transport::kTcp), std::vector<std::string>{"tls"});
  EXPECT_EQ(db().probes_first(22, net::Transport::kTcp), std::vector<std::string>{"passive"});
  EXPECT_EQ(db().probes_first(53, net::Transport::kUdp), std::vector<std::string>{"dns"});
  EXPECT_TRUE(db().probes_first(53, net::Transport::kTcp).empty());
  EXPECT_EQ(auto_probe_order(db(), 8080),
            (std::vector<std::string>{"http", "smtp", "passive", "tls"}));
  EXPECT_EQ(auto_probe_order(db(), 6379),
            (std::vector<std::string>{"redis", "http", "smtp", "passive", "tls"}));
  // Printers print what they are sent: nothing active.
  EXPECT_EQ(auto_probe_order(db(), 9100), std::vector<std::string>{"passive"});
  EXPECT_EQ(auto_probe_order(db(), 9107), std::vector<std::string>{"passive"});
  EXPECT_EQ(auto_probe_order(db(), 9108).front(), "http");
}

TEST(Fingerprints, UserEntriesComeFirst) {
  FingerprintDb d = FingerprintDb::builtin();
  d.add("match ssh MyBox sshd\n  pattern ^SSH-2\\.0-OpenSSH_(\\S+)\n  version v$1\n", "mine.txt");
  auto m = d.match("SSH-2.0-OpenSSH_9.2p1\r\n", "passive");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->product, "MyBox sshd");
  EXPECT_EQ(m->version, "v9.2p1");
  EXPECT_EQ(m->origin, "mine.txt:1");
}

TEST(Fingerprints, CapturesArePrintable) {
  auto m = db().match("SSH-2.0-Evil\x1b[2J\r\n", "passive");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->product, "Evil\\x1b[2J");
}

TEST(Fingerprints, BacktrackingIsBounded) {
  FingerprintDb d;
  d.add("send passive tcp\nmatch slow\n pattern ^(a+)+$\n", "slow.txt");
  std::string hostile(4000, 'a');
  hostile += 'b';
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(d.match(hostile, "passive"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

void expect_usage_error(std::string_view text, const std::string& words) {
  try {
    (void)parse_fingerprints(text, "f.txt", {{"passive", net::Transport::kTcp, ""}});
    ADD_FAILURE() << "accepted: " << text;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

TEST(FingerprintFile, ErrorsNameTheLine) {
  expect_usage_error("match x\n  pattern ^a\n  colour red\n", "f.txt:3: unknown keyword 'colour'");
  expect_usage_error("pattern ^a\n", "f.txt:1: 'pattern' outside a match entry");
  expect_usage_error("match x\n", "f.txt:1: match entry without a pattern");
  expect_usage_error("match x\n pattern ^(a\n",
                     "f.txt:1: bad pattern: missing closing parenthesis");
  expect_usage_error("match x\n pattern ^a\n probe nosuch\n", "unknown probe 'nosuch'");
  expect_usage_error("match x\n pattern ^(a)\n version $2\n", "names a capture");
  expect_usage_error("match x\n pattern ^a\n ports 0\n", "bad port or range '0'");
  expect_usage_error("match x\n pattern ^a\n ports 20-10\n", "bad port or range '20-10'");
  expect_usage_error("send p tcp \\q\n", "f.txt:1: bad escape '\\q'");
  expect_usage_error("send p tcp \\x4\n", "bad escape '\\x4'");
  expect_usage_error("send p sctp x\n", "tcp or udp, not 'sctp'");
  expect_usage_error("send p tcp\nsend p udp\n", "f.txt:2: probe 'p' declared twice");
  expect_usage_error("match Bad!\n pattern ^a\n", "bad service name 'Bad!'");
  expect_usage_error("match x\n pattern ^a\n pattern ^b\n", "a second pattern");
}

TEST(FingerprintFile, CommentsBlankLinesAndCrlf) {
  auto parsed = parse_fingerprints(
      "# c\r\n\r\nsend hello tcp HI\\r\\n\r\nmatch greet Greeter\r\n  probe hello\r\n"
      "  ports 7, 100-200\r\n  pattern ^HI\r\n",
      "f.txt");
  ASSERT_EQ(parsed.probes.size(), 1u);
  EXPECT_EQ(parsed.probes[0].payload, "HI\r\n");
  ASSERT_EQ(parsed.entries.size(), 1u);
  EXPECT_EQ(parsed.entries[0].product, "Greeter");
  EXPECT_EQ(parsed.entries[0].pattern, "^HI");
  ASSERT_EQ(parsed.entries[0].ports.size(), 2u);
  EXPECT_EQ(parsed.entries[0].ports[1].first, 100);
  EXPECT_EQ(parsed.entries[0].ports[1].last, 200);
}

TEST(FingerprintFile, UnreadableFileIsAUsageError) {
  FingerprintDb d;
  try {
    d.add_file("/nonexistent/fp.txt");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/fp.txt"), std::string::npos);
  }
}

}  // namespace
}  // namespace sockscope::discover
