// scan --banners' fields (scan::ServiceFacts) in every output: the one JSON layout reads
// them back (-oD lines, -oJ documents, --resume from NDJSON, JSON and XML, merge), normal
// text gets nmap's VERSION column, XML nmap.dtd's <service product= version=> with the
// banner as a port script, grepable its version field, CSV its columns; the OS hint from
// TTL and window goes into each.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "scan/merge.h"
#include "scan/output/result_writer.h"
#include "scan/result_json.h"
#include "scan/resume.h"

namespace sockscope::scan {
namespace {

PortResult open_port(std::uint16_t port, net::Transport proto = net::Transport::kTcp) {
  PortResult r;
  r.target = {net::IpAddress::v4(0xC0000201), ""};
  r.port = port;
  r.proto = proto;
  r.state = PortState::kOpen;
  r.reason = proto == net::Transport::kTcp ? "syn-ack" : "udp-response";
  r.ttl = 64;
  if (proto == net::Transport::kTcp) r.window = 64240;
  return r;
}

std::shared_ptr<const ServiceFacts> facts(ServiceFacts f) {
  return std::make_shared<const ServiceFacts>(std::move(f));
}

// 22 named by a fingerprint, 443 HTTP inside TLS, 9100 a printer (no name, a note),
// 8080 a banner no fingerprint named, 53/udp a decoded reply, 25 closed (no detection).
HostReport detected_host() {
  HostReport h;
  h.target = {net::IpAddress::v4(0xC0000201), ""};
  h.end = 2000;
  PortResult ssh = open_port(22);
  ssh.service = facts({"ssh", "OpenSSH", "9.2p1 Debian 2", "protocol 2.0", "",
                       "SSH-2.0-OpenSSH_9.2p1", "passive", ""});
  PortResult closed = open_port(25);
  closed.state = PortState::kClosed;
  closed.reason = "reset";
  PortResult tls = open_port(443);
  tls.service = facts(
      {"ssl/http", "nginx", "1.22.1", "", "www.lab<&>", "HTTP/1.1 200 OK\\r\\n\"x\",y", "tls", ""});
  PortResult printer = open_port(9100);
  printer.service =
      facts({"", "", "", "", "", "", "", "port 9100 is a printer port: passive only"});
  PortResult unnamed = open_port(8080);
  unnamed.service = facts({"", "", "", "", "", "hello\\x01 there", "http", ""});
  PortResult dns = open_port(53, net::Transport::kUdp);
  dns.service = facts({"domain", "dnsmasq", "2.89", "", "", "DNS: version.bind \"dnsmasq-2.89\"",
                       "dns-version", ""});
  h.results = {ssh, closed, tls, unnamed, printer, dns};
  return h;
}

std::string render(std::unique_ptr<ResultWriter> (*make)(std::ostream&), const HostReport& h,
                   bool detection = true) {
  std::ostringstream out;
  auto w = make(out);
  ScanInfo info;
  info.service_detection = detection;
  info.types = {ScanType::kSyn, ScanType::kUdp};
  w->begin(info);
  for (const auto& r : h.results) w->result(r);
  w->host(h);
  w->end({});
  return out.str();
}

void expect_same_facts(const PortResult& a, const PortResult& b, const std::string& where) {
  ASSERT_EQ(static_cast<bool>(a.service), static_cast<bool>(b.service)) << where << " " << a.port;
  if (a.service) {
    EXPECT_EQ(*a.service, *b.service) << where << " " << a.port;
  }
}

TEST(ServiceFields, EveryFactReadsBackFromAnNdjsonLine) {
  for (const PortResult& r : detected_host().results) {
    std::string fields, line;
    append_host_fields(fields, r.target);
    append_result(line, r, fields);
    std::vector<PortResult> read;
    ASSERT_TRUE(read_ndjson_line(line, read)) << line;
    ASSERT_EQ(read.size(), 1u);
    expect_same_facts(r, read[0], line);
    auto j = nlohmann::json::parse(line);
    if (r.port == 22) {
      EXPECT_EQ(j["service"], "ssh");
      EXPECT_EQ(j["service_method"], "probed");
      EXPECT_EQ(j["product"], "OpenSSH");
      EXPECT_EQ(j["version"], "9.2p1 Debian 2");
      EXPECT_EQ(j["banner"], "SSH-2.0-OpenSSH_9.2p1");
      EXPECT_EQ(j["os_hint"],
                "Linux-style stack (a guess from TTL 64 (starts at 64, 0 hops), window 64240)");
    }
    if (r.port == 8080) {  // a banner no fingerprint named: the table's name, method table
      EXPECT_EQ(j["service"], "http-alt");
      EXPECT_EQ(j["service_method"], "table");
    }
    if (r.port == 25) {
      EXPECT_FALSE(j.contains("service_method"));
      EXPECT_FALSE(j.contains("os_hint"));  // closed: a RST says less
    }
  }
}

// --resume reads the facts back from each of its formats, and a result that keeps them
// is not grabbed again; a later duplicate without facts wins, facts and all.
TEST(ServiceFields, ResumeKeepsTheFactsFromEachFormat) {
  HostReport h = detected_host();
  const char* names[] = {"r.ndjson", "r.json", "r.xml"};
  for (int format = 0; format < 3; ++format) {
    std::ostringstream out;
    auto w = format == 0   ? make_ndjson_writer(out, false)
             : format == 1 ? make_json_writer(out)
                           : make_xml_writer(out);
    ScanInfo info;
    info.service_detection = true;
    w->begin(info);
    for (const auto& r : h.results) w->result(r);
    w->host(h);
    w->end({});
    ResumeFile f = parse_resume_text(names[format], out.str());
    for (const PortResult& r : h.results) {
      auto back = f.results.find(r.target.address, r.port, r.proto);
      ASSERT_TRUE(back) << names[format] << " " << r.port;
      expect_same_facts(r, *back, names[format]);
    }
  }
  ResumeResults later;
  later.add(h.results[0]);
  PortResult again = h.results[0];
  again.service = nullptr;
  later.add(again);
  later.finish();
  EXPECT_FALSE(later.find(again.target.address, 22, net::Transport::kTcp)->service);
}

TEST(ServiceFields, MergeKeepsTheFacts) {
  std::string doc = render(make_json_writer, detected_host());
  auto merged = merge_scan_outputs({{"a.json", doc}});
  ASSERT_EQ(merged["hosts"].size(), 1u);
  std::size_t seen = 0;
  for (const auto& j : merged["hosts"][0]["results"]) {
    PortResult r;
    ASSERT_TRUE(read_result(j, "192.0.2.1", "", r));
    for (const PortResult& w : detected_host().results) {
      if (w.port == r.port && w.proto == r.proto) {
        expect_same_facts(w, r, "merged");
        ++seen;
      }
    }
  }
  EXPECT_EQ(seen, 6u);
}

TEST(ServiceFields, NormalTextHasNmapsVersionColumn) {
  std::string text = render(make_normal_writer, detected_host());
  EXPECT_NE(text.find("PORT     STATE  SERVICE  VERSION\n"), std::string::npos) << text;
  EXPECT_NE(text.find("22/tcp   open   ssh      OpenSSH 9.2p1 Debian 2 (protocol 2.0)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("|_banner: SSH-2.0-OpenSSH_9.2p1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("443/tcp  open   ssl/http nginx 1.22.1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("25/tcp   closed smtp\n"), std::string::npos) << text;  // no padding left
  EXPECT_NE(text.find("|_note: port 9100 is a printer port: passive only\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("OS hint: Linux-style stack (a guess from TTL 64"), std::string::npos);
  // Without --banners: no VERSION column, no banner lines.
  std::string plain = render(make_normal_writer, detected_host(), false);
  EXPECT_EQ(plain.find("VERSION"), std::string::npos);
}

TEST(ServiceFields, XmlHasNmapsServiceAttributes) {
  std::string xml = render(make_xml_writer, detected_host());
  EXPECT_NE(xml.find("<service name=\"ssh\" product=\"OpenSSH\" version=\"9.2p1 Debian 2\" "
                     "extrainfo=\"protocol 2.0\" method=\"probed\" conf=\"10\"/>"
                     "<script id=\"banner\" output=\"SSH-2.0-OpenSSH_9.2p1\"/>"
                     "<script id=\"banner-probe\" output=\"passive\"/></port>"),
            std::string::npos)
      << xml;
  // ssl/http is nmap's name="http" tunnel="ssl"; peer text escaped.
  EXPECT_NE(xml.find("<service name=\"http\" product=\"nginx\" version=\"1.22.1\" "
                     "hostname=\"www.lab&lt;&amp;&gt;\" tunnel=\"ssl\" method=\"probed\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<service name=\"unknown\" method=\"table\" conf=\"3\"/><script "
                     "id=\"banner-note\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<hostscript><script id=\"os-hint\" output=\"Linux-style stack"),
            std::string::npos);
}

TEST(ServiceFields, CsvAndGrepableCarryThem) {
  std::string csv =
      render([](std::ostream& o) { return make_csv_writer(o, false); }, detected_host());
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "host,port,proto,state,reason,service,ttl,product,version,banner,os_hint");
  EXPECT_NE(csv.find("192.0.2.1,443,tcp,open,syn-ack,ssl/http,64,nginx,1.22.1,"
                     "\"HTTP/1.1 200 OK\\r\\n\"\"x\"\",y\",\"Linux-style stack"),
            std::string::npos)
      << csv;
  std::string plain =
      render([](std::ostream& o) { return make_csv_writer(o, false); }, detected_host(), false);
  EXPECT_EQ(plain.substr(0, plain.find('\n')), "host,port,proto,state,reason,service,ttl");
  std::string grep = render(make_grepable_writer, detected_host());
  EXPECT_NE(grep.find("22/open/tcp//ssh//OpenSSH 9.2p1 Debian 2 (protocol 2.0)/"),
            std::string::npos)
      << grep;
  EXPECT_NE(grep.find("443/open/tcp//ssl|http//nginx 1.22.1/"), std::string::npos) << grep;
  EXPECT_NE(grep.find("\tOS: Linux-style stack"), std::string::npos) << grep;
}

}  // namespace
}  // namespace sockscope::scan
