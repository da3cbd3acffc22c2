// --resume files: NDJSON, JSON and nmap XML read back into results, torn tails repaired
// or refused, the "different scan" check, and the engine skipping (and reporting the host
// of) pairs an earlier run finished.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "core/error.h"
#include "scan/output/result_writer.h"
#include "scan/resume_check.h"
#include "scan/scan.h"

namespace sockscope::scan {
namespace {

PortResult result(const char* host, std::uint16_t port, PortState state, const char* reason,
                  int ttl = -1, net::Transport proto = net::Transport::kTcp) {
  PortResult r;
  net::TargetList l;
  l.add(host, [](std::string_view) { return std::nullopt; });
  r.target = l.at(0);
  r.port = port;
  r.proto = proto;
  r.state = state;
  r.reason = reason;
  r.ttl = ttl;
  return r;
}

// What our writers produce for two hosts: 192.0.2.1 (22 open, 23..60 closed, 61 filtered)
// and 192.0.2.2 (53/udp open|filtered). `end` false leaves the file as a kill -9 would.
// Times a writer is given: the scan's start, a resumed run's own start and the earlier
// runs' scanning time, each host's end, this run's elapsed.
struct Times {
  std::time_t start = 1000;
  bool resumed = false;
  std::time_t run_start = 0;
  std::optional<Duration> earlier;
  std::time_t host_end = 0;
  Duration elapsed = std::chrono::milliseconds(2500);
};

void render(ResultWriter& w, bool end = true, bool only_open = false, const Times& t = {}) {
  ScanInfo info;
  info.only_open = only_open;
  info.start = t.start;
  info.resumed = t.resumed;
  info.resumed_from = "a.file";
  info.run_start = t.run_start;
  info.earlier_elapsed = t.earlier;
  info.command_line = "sockscope scan 192.0.2.1-2 -sT -sU -p T:22-61,U:53";
  info.arguments = {"192.0.2.1-2", "-sT", "-sU", "-p", "T:22-61,U:53"};
  info.types = {ScanType::kConnect, ScanType::kUdp};
  for (std::uint16_t p = 22; p <= 61; ++p) info.tcp_ports.push_back(p);
  info.udp_ports = {53};
  info.version = "test";
  w.begin(info);
  HostReport a;
  a.target.address = result("192.0.2.1", 1, PortState::kOpen, "").target.address;
  a.results.push_back(result("192.0.2.1", 22, PortState::kOpen, "syn-ack", 64));
  for (std::uint16_t p = 23; p <= 60; ++p)
    a.results.push_back(result("192.0.2.1", p, PortState::kClosed, "conn-refused"));
  a.results.push_back(result("192.0.2.1", 61, PortState::kFiltered, "no-response"));
  a.end = t.host_end;
  for (const auto& r : a.results) w.result(r);
  w.host(a);
  HostReport b;
  b.target.address = result("192.0.2.2", 1, PortState::kOpen, "").target.address;
  b.results.push_back(
      result("192.0.2.2", 53, PortState::kOpenFiltered, "no-response", -1, net::Transport::kUdp));
  b.end = t.host_end;
  for (const auto& r : b.results) w.result(r);
  w.host(b);
  ScanSummary summary;
  summary.elapsed = t.elapsed;
  if (end) w.end(summary);
}

std::string rendered(std::unique_ptr<ResultWriter> (*make)(std::ostream&), bool end,
                     const Times& t) {
  std::ostringstream out;
  auto w = make(out);
  render(*w, end, false, t);
  return out.str();
}

std::string json_text(bool end = true, bool only_open = false) {
  std::ostringstream out;
  auto w = make_json_writer(out);
  render(*w, end, only_open);
  return out.str();
}
std::string ndjson_text(bool only_open = false) {
  std::ostringstream out;
  auto w = make_ndjson_writer(out, only_open);
  render(*w, true, only_open);
  return out.str();
}
std::string xml_text(bool end = true, bool only_open = false) {
  std::ostringstream out;
  auto w = make_xml_writer(out);
  render(*w, end, only_open);
  return out.str();
}

void expect_whole(const ResumeFile& f) {
  ASSERT_EQ(f.results.size(), 41u);
  const ResumeResults& index = f.results;
  auto a = result("192.0.2.1", 1, PortState::kOpen, "").target.address;
  auto b = result("192.0.2.2", 1, PortState::kOpen, "").target.address;
  auto open = index.find(a, 22, net::Transport::kTcp);
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->state, PortState::kOpen);
  EXPECT_EQ(open->reason, "syn-ack");
  EXPECT_EQ(open->ttl, 64);
  ASSERT_TRUE(index.find(a, 40, net::Transport::kTcp).has_value());
  EXPECT_EQ(index.find(a, 40, net::Transport::kTcp)->reason, "conn-refused");
  EXPECT_EQ(index.find(a, 61, net::Transport::kTcp)->state, PortState::kFiltered);
  EXPECT_FALSE(index.find(a, 53, net::Transport::kUdp).has_value());
  ASSERT_TRUE(index.find(b, 53, net::Transport::kUdp).has_value());
  EXPECT_EQ(index.find(b, 53, net::Transport::kUdp)->state, PortState::kOpenFiltered);
  EXPECT_FALSE(index.find(b, 53, net::Transport::kTcp).has_value());
}

TEST(ResumeFile, ReadsEachFormat) {
  ResumeFile nd = parse_resume_text("a.ndjson", ndjson_text());
  EXPECT_EQ(nd.format, ResumeFormat::kNdjson);
  EXPECT_TRUE(nd.arguments.empty());
  EXPECT_FALSE(nd.repaired);
  expect_whole(nd);

  ResumeFile js = parse_resume_text("a.json", json_text());
  EXPECT_EQ(js.format, ResumeFormat::kJson);
  EXPECT_EQ(js.arguments,
            (std::vector<std::string>{"192.0.2.1-2", "-sT", "-sU", "-p", "T:22-61,U:53"}));
  EXPECT_EQ(js.types, (std::vector<ScanType>{ScanType::kConnect, ScanType::kUdp}));
  expect_whole(js);

  ResumeFile xml = parse_resume_text("a.xml", xml_text());
  EXPECT_EQ(xml.format, ResumeFormat::kXml);
  EXPECT_EQ(xml.arguments.size(), 5u);  // from args="sockscope scan ..."
  EXPECT_EQ(xml.types, js.types);
  EXPECT_FALSE(xml.repaired);
  expect_whole(xml);  // the 38 closed ports come back from <extrareasons ports=...>
}

// reason_ip (a router's ICMP error) comes back from each format, per result: the same
// reason word with and without it, and from two routers, stay apart.
TEST(ResumeFile, ReasonIpComesBackFromEachFormat) {
  HostReport h;
  h.target.address = result("192.0.2.130", 1, PortState::kOpen, "").target.address;
  auto udp = [&](std::uint16_t port, PortState state, int ttl, const char* router) {
    PortResult r = result("192.0.2.130", port, state, "port-unreach", ttl, net::Transport::kUdp);
    if (router) r.reason_ip = result(router, 1, PortState::kOpen, "").target.address;
    return r;
  };
  h.results = {udp(7000, PortState::kFiltered, 64, "192.0.2.66"),
               udp(7001, PortState::kFiltered, 63, "2001:db8:1::2"),
               udp(7005, PortState::kClosed, 54, nullptr)};
  auto check = [&](const std::string& name, const std::string& text) {
    ResumeFile f = parse_resume_text(name, text);
    ASSERT_EQ(f.results.size(), 3u) << name;
    auto a = f.results.find(h.target.address, 7000, net::Transport::kUdp);
    auto b = f.results.find(h.target.address, 7001, net::Transport::kUdp);
    auto c = f.results.find(h.target.address, 7005, net::Transport::kUdp);
    ASSERT_TRUE(a && b && c) << name;
    ASSERT_TRUE(a->reason_ip) << name;
    EXPECT_EQ(a->reason_ip->to_string(), "192.0.2.66") << name;
    ASSERT_TRUE(b->reason_ip) << name;
    EXPECT_EQ(b->reason_ip->to_string(), "2001:db8:1::2") << name;
    EXPECT_FALSE(c->reason_ip) << name;
    EXPECT_EQ(a->reason, "port-unreach");
    EXPECT_EQ(c->reason, "port-unreach");
    EXPECT_EQ(a->ttl, 64);
  };
  for (int format = 0; format < 3; ++format) {
    std::ostringstream out;
    auto w = format == 0   ? make_ndjson_writer(out, false)
             : format == 1 ? make_json_writer(out)
                           : make_xml_writer(out);
    w->begin({});
    for (const auto& r : h.results) w->result(r);
    w->host(h);
    w->end({});
    check(format == 0 ? "r.ndjson" : format == 1 ? "r.json" : "r.xml", out.str());
  }
}

// --open lists only open ports; the rest are kept as extraports port ranges (as nmap's
// XML does), so every finished pair comes back and a resumed --open scan skips it.
TEST(ResumeFile, OpenOnlyOutputsStillHoldEveryFinishedPair) {
  std::string js = json_text(true, true);
  EXPECT_NE(js.find("\"extraports\":[{\"state\":\"closed\",\"proto\":\"tcp\","
                    "\"reason\":\"conn-refused\",\"count\":38,\"ports\":\"23-60\"}"),
            std::string::npos)
      << js;
  expect_whole(parse_resume_text("a.json", js));
  expect_whole(parse_resume_text("a.json", json_text(false, true)));  // unclosed too

  std::string nd = ndjson_text(true);
  // Per host: its open lines, then one record of the rest (none for 192.0.2.2, whose
  // only result, open|filtered, is listed).
  EXPECT_EQ(std::count(nd.begin(), nd.end(), '\n'), 3) << nd;
  EXPECT_NE(nd.find("{\"host\":\"192.0.2.1\",\"extraports\":["), std::string::npos) << nd;
  ResumeFile f = parse_resume_text("a.ndjson", nd);
  EXPECT_EQ(f.format, ResumeFormat::kNdjson);
  expect_whole(f);

  expect_whole(parse_resume_text("a.xml", xml_text(true, true)));

  // Extraports that are not port ranges are refused, naming the host.
  std::string bad = js;
  bad.replace(bad.find("23-60"), 5, "60-23");
  EXPECT_THROW(parse_resume_text("a.json", bad), Error);
  EXPECT_THROW(parse_resume_text("a.ndjson",
                                 "{\"host\":\"192.0.2.1\",\"extraports\":[{"
                                 "\"state\":\"closed\",\"proto\":\"tcp\","
                                 "\"ports\":\"0-5\"}]}\n{\"host\":\"x\"}\n"),
               Error);
}

double seconds_of(const std::optional<Duration>& d) {
  return d ? to_seconds(*d) : -1;
}

// A resumed run reports the first run's start and the total scanning time (earlier runs'
// + its own), and its own apart; --resume reads both back, so chains of runs add up.
TEST(ResumeFile, StartAndScanningTimeCarryOverRuns) {
  for (auto make : {&make_json_writer, &make_xml_writer}) {
    ResumeFile first = parse_resume_text("a", rendered(make, true, {}));
    EXPECT_EQ(first.start, 1000);
    EXPECT_DOUBLE_EQ(seconds_of(first.elapsed), 2.5);

    Times again;
    again.resumed = true;
    again.run_start = 5000;
    again.earlier = first.elapsed;
    again.elapsed = std::chrono::milliseconds(1500);
    std::string text = rendered(make, true, again);
    ResumeFile second = parse_resume_text("a", text);
    EXPECT_EQ(second.start, 1000);
    EXPECT_DOUBLE_EQ(seconds_of(second.elapsed), 4.0) << text;

    // Killed (-9) before closing: the time up to the last whole host counts.
    again.host_end = 5010;
    ResumeFile killed = parse_resume_text("a", rendered(make, false, again));
    EXPECT_TRUE(killed.repaired);
    EXPECT_EQ(killed.start, 1000);
    EXPECT_DOUBLE_EQ(seconds_of(killed.elapsed), 12.5) << rendered(make, false, again);
    // ... and when the earlier time was not recorded (resumed from -oD), neither is it.
    again.earlier.reset();
    EXPECT_FALSE(parse_resume_text("a", rendered(make, false, again)).elapsed);
  }
  std::string json = rendered(&make_json_writer, true, {1000, true, 5000, std::chrono::seconds(2)});
  EXPECT_NE(json.find("\"start\":1000,"), std::string::npos) << json;
  EXPECT_NE(
      json.find("\"resumed\":{\"earlier_elapsed\":2.0,\"from\":\"a.file\",\"run_start\":5000}"),
      std::string::npos)
      << json;
  EXPECT_NE(json.find("\"elapsed\":4.5,\"run_elapsed\":2.5,"), std::string::npos) << json;
  std::string normal =
      rendered(&make_normal_writer, true, {1000, true, 5000, std::chrono::seconds(2)});
  EXPECT_NE(normal.find("scanned in 4.50 seconds (2.50 s in this run)"), std::string::npos)
      << normal;
  EXPECT_NE(normal.find("Scan resumed from a.file at 1970-01-01 01:23 UTC after 2.00 s of earlier"),
            std::string::npos)
      << normal;
  std::string xml = rendered(&make_xml_writer, true, {1000, true, 5000, std::chrono::seconds(2)});
  EXPECT_NE(xml.find("elapsed=\"4.50\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<taskend task=\"Resumed scan\" time=\"0\" extrainfo=\"this run scanned for "
                     "2.50 seconds\"/>"),
            std::string::npos)
      << xml;
  EXPECT_EQ(parse_resume_text("a.ndjson", ndjson_text()).start, 0);  // -oD records no time
  EXPECT_FALSE(parse_resume_text("a.ndjson", ndjson_text()).elapsed);
}

TEST(ResumeFile, ALaterDuplicateWinsAndEachPairCountsOnce) {
  std::string text = ndjson_text();
  text +=
      "{\"host\":\"192.0.2.1\",\"port\":61,\"proto\":\"tcp\",\"state\":\"open\","
      "\"reason\":\"syn-ack\",\"ttl\":63,\"window\":1024}\n";
  ResumeFile f = parse_resume_text("a.ndjson", text);
  EXPECT_EQ(f.results.size(), 41u);
  auto a = result("192.0.2.1", 1, PortState::kOpen, "").target.address;
  auto r = f.results.find(a, 61, net::Transport::kTcp);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->state, PortState::kOpen);
  EXPECT_EQ(r->reason, "syn-ack");
  EXPECT_EQ(r->ttl, 63);
  EXPECT_EQ(r->window, 1024);
  std::size_t seen = 0;
  f.results.for_each([&](const PortResult&) { ++seen; });
  EXPECT_EQ(seen, 41u);
}

TEST(ResumeFile, TornNdjsonLastLineIsDroppedAndCutOff) {
  std::string text = ndjson_text();
  std::size_t whole = text.size();
  ResumeFile f = parse_resume_text("a.ndjson", text + "{\"host\":\"192.0.2.2\",\"po");
  EXPECT_TRUE(f.repaired);
  EXPECT_EQ(f.good_bytes, whole);
  expect_whole(f);
  // A bad line in the middle is not a torn tail: refused.
  std::string middle = text;
  middle.insert(middle.find('\n') + 1, "garbage\n");
  EXPECT_THROW(parse_resume_text("a.ndjson", middle), Error);
}

TEST(ResumeFile, UnclosedOrTornJsonIsRepairedToItsWholeHosts) {
  ResumeFile f = parse_resume_text("a.json", json_text(false));  // killed before end()
  EXPECT_TRUE(f.repaired);
  expect_whole(f);
  std::string text = json_text(false);
  ResumeFile torn = parse_resume_text("a.json", text.substr(0, text.size() - 20));
  EXPECT_TRUE(torn.repaired);
  EXPECT_EQ(torn.results.size(), 40u);  // the second host's line was cut: it is dropped
  EXPECT_EQ(torn.arguments.size(), 5u);
  try {
    parse_resume_text("a.json", text.substr(0, 30));
    FAIL() << "a head cut short is beyond repair";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    EXPECT_NE(std::string(e.what()).find("torn beyond repair"), std::string::npos);
  }
}

TEST(ResumeFile, UnclosedXmlKeepsOnlyWholeHosts) {
  ResumeFile f = parse_resume_text("a.xml", xml_text(false));
  EXPECT_TRUE(f.repaired);
  expect_whole(f);
  std::string text = xml_text(false);
  ResumeFile torn = parse_resume_text("a.xml", text.substr(0, text.rfind("<times")));
  EXPECT_EQ(torn.results.size(), 40u);  // the second <host> never closed
}

TEST(ResumeFile, RefusesWhatIsNoScanOutput) {
  EXPECT_THROW(parse_resume_text("x", "hello\nworld\n"), Error);
  EXPECT_THROW(parse_resume_text("x", "<html><body/></html>"), Error);
  EXPECT_THROW(parse_resume_text("x", "[1,2]"), Error);
  EXPECT_THROW(read_resume_file("/nonexistent/dir/file.json"), Error);
  EXPECT_EQ(parse_resume_text("x", "").results.size(), 0u);  // nothing finished yet
}

ScanOptions options_for(const char* targets, std::vector<std::uint16_t> tcp,
                        std::vector<std::uint16_t> udp, std::vector<ScanType> types) {
  ScanOptions o;
  o.targets.add(targets, [](std::string_view) { return std::nullopt; });
  o.ports.tcp = std::move(tcp);
  o.ports.udp = std::move(udp);
  o.types = std::move(types);
  return o;
}

TEST(ResumeFile, ADifferentScanIsRefused) {
  ResumeFile f = parse_resume_text("a.json", json_text());
  std::vector<std::uint16_t> tcp;
  for (std::uint16_t p = 22; p <= 61; ++p) tcp.push_back(p);
  auto same = options_for("192.0.2.1-2", tcp, {53}, {ScanType::kConnect, ScanType::kUdp});
  EXPECT_NO_THROW(check_resume_fits(f, same));
  auto fewer_ports = options_for("192.0.2.1-2", {22}, {53}, same.types);
  EXPECT_THROW(check_resume_fits(f, fewer_ports), Error);
  auto other_host = options_for("192.0.2.1", tcp, {53}, same.types);
  EXPECT_THROW(check_resume_fits(f, other_host), Error);
  auto syn = options_for("192.0.2.1-2", tcp, {53}, {ScanType::kSyn, ScanType::kUdp});
  EXPECT_THROW(check_resume_fits(f, syn), Error);
  // NDJSON records no scan type: only the pairs are checked.
  ResumeFile nd = parse_resume_text("a.ndjson", ndjson_text());
  EXPECT_NO_THROW(check_resume_fits(nd, syn));
  // A shard holds only its own pairs.
  auto shard = same;
  shard.shard_count = 2;
  EXPECT_THROW(check_resume_fits(nd, shard), Error);
}

}  // namespace
}  // namespace sockscope::scan
