// scan --banners' facts from a grab (discover/service_detection.h): the service as people
// read it (ssl/http inside TLS), product and version from the fingerprint, the banner as
// one escaped line, why nothing was learned, the printer note; a UDP reply's decoded line
// as its banner; and the lab's banners.csv rows from a scan's hosts.
#include "discover/service_detection.h"

#include <gtest/gtest.h>

#include <sstream>

namespace sockscope::discover {
namespace {

TEST(ServiceDetection, FactsOfAGrab) {
  GrabResult g;
  g.status = GrabStatus::kBanner;
  g.probe = "tls";
  g.reply = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n\r\n\x1b[2J";
  g.match = ServiceMatch{"http", "nginx", "1.22.1", "", "", "test"};
  g.tls = TlsInfo{};
  g.tls->ok = true;
  scan::ServiceFacts f = facts_of_grab(g);
  EXPECT_EQ(f.name, "ssl/http");
  EXPECT_EQ(f.product, "nginx");
  EXPECT_EQ(f.version, "1.22.1");
  EXPECT_EQ(f.probe, "tls");
  EXPECT_EQ(f.banner, "HTTP/1.1 200 OK\\r\\nServer: nginx/1.22.1\\r\\n\\r\\n\\x1b[2J");  // escaped
  EXPECT_EQ(f.note, "");

  GrabResult unmatched;  // a banner no fingerprint names: no name, the table's is shown
  unmatched.status = GrabStatus::kBanner;
  unmatched.probe = "http";
  unmatched.reply = "lm3nitro server over TCP is working";
  EXPECT_EQ(facts_of_grab(unmatched).name, "");
  EXPECT_EQ(facts_of_grab(unmatched).banner, "lm3nitro server over TCP is working");

  GrabResult silent;  // nothing: the reason, after the printer note
  silent.status = GrabStatus::kNothing;
  silent.reason = "no reply to passive";
  silent.notes = {"port 9100 is a printer port (raw/JetDirect): ..."};
  scan::ServiceFacts s = facts_of_grab(silent);
  EXPECT_EQ(s.name, "");
  EXPECT_EQ(s.banner, "");
  EXPECT_EQ(s.note, "port 9100 is a printer port (raw/JetDirect): ...; no reply to passive");
}

TEST(ServiceDetection, FactsOfAUdpReply) {
  UdpProbeResult u;
  u.outcome = UdpOutcome::kReply;
  u.probe = "dns-version";
  u.reply = std::string("\x53\x53\x84\x80", 4);
  u.decoded = "DNS: version.bind \"dnsmasq-2.90\"";
  u.match = ServiceMatch{"domain", "dnsmasq", "2.90", "", "", "test"};
  scan::ServiceFacts f = facts_of_udp(u);
  EXPECT_EQ(f.name, "domain");
  EXPECT_EQ(f.banner, "DNS: version.bind \"dnsmasq-2.90\"");
  EXPECT_EQ(f.probe, "dns-version");
  UdpProbeResult none;
  none.outcome = UdpOutcome::kNoReply;
  EXPECT_EQ(facts_of_udp(none).note, "no reply to the service datagram");
}

TEST(ServiceDetection, BannersCsvRowsFromTheHosts) {
  scan::HostReport h;
  h.target = {net::IpAddress::v4(0xC0000201), ""};
  scan::PortResult ssh;
  ssh.target = h.target;
  ssh.port = 22;
  ssh.state = scan::PortState::kOpen;
  ssh.service = std::make_shared<const scan::ServiceFacts>(scan::ServiceFacts{
      "ssh", "OpenSSH", "9.2p1", "", "", "SSH-2.0-OpenSSH_9.2p1, \"x\"", "", ""});
  scan::PortResult closed = ssh;
  closed.port = 23;
  closed.state = scan::PortState::kClosed;
  closed.service = nullptr;
  scan::PortResult dns = ssh;  // UDP: not in the lab's TCP banner file
  dns.port = 53;
  dns.proto = net::Transport::kUdp;
  h.results = {ssh, closed, dns};
  std::ostringstream out;
  write_banners_csv(out, {h});
  EXPECT_EQ(out.str(),
            "host,port,service_hint,banner_snippet\r\n"
            "192.0.2.1,22,SSH,\"SSH-2.0-OpenSSH_9.2p1, \"\"x\"\"\"\r\n");
}

}  // namespace
}  // namespace sockscope::discover
