// Output writers and merge: nmap's collapsing rule, XML escaping, JSON documents that
// parse, and merging shards/resumed runs into one result per host/port/protocol.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "net/services.h"
#include "scan/merge.h"
#include "scan/output/lab_json_writer.h"
#include "scan/output/result_writer.h"
#include "scan/port_listing.h"
#include "scan/resume.h"

namespace sockscope::scan {
namespace {

HostReport host_with(std::size_t closed, std::vector<std::uint16_t> open) {
  HostReport h;
  h.target.address = net::IpAddress::v4(0xC0000202);
  h.target.name = "lab<&>";
  for (std::uint16_t p = 1; p <= closed; ++p) {
    PortResult r;
    r.target = h.target;
    r.port = static_cast<std::uint16_t>(1000 + p);
    r.state = PortState::kClosed;
    r.reason = "reset";
    h.results.push_back(r);
  }
  for (auto p : open) {
    PortResult r;
    r.target = h.target;
    r.port = p;
    r.state = PortState::kOpen;
    r.reason = "syn-ack";
    r.ttl = 64;
    h.results.push_back(r);
  }
  return h;
}

TEST(ScanOutput, CollapsesOnlyLargeNonOpenGroups) {
  std::vector<const PortResult*> listed;
  std::vector<PortGroup> groups;
  split_for_listing(host_with(30, {22}), false, listed, groups);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].count, 30u);
  EXPECT_EQ(listed.size(), 1u);
  listed.clear(), groups.clear();
  split_for_listing(host_with(25, {22}), false, listed, groups);
  EXPECT_TRUE(groups.empty());  // 25 closed ports are still listed, as nmap does
  EXPECT_EQ(listed.size(), 26u);
}

TEST(ScanOutput, NormalOutputLooksLikeNmaps) {
  std::ostringstream out;
  auto w = make_normal_writer(out);
  ScanInfo info;
  info.version = "0.1.0";
  w->begin(info);
  w->host(host_with(40, {22, 80}));
  std::string text = out.str();
  EXPECT_NE(
      text.find("Not shown: 40 closed tcp ports (reset)\nPORT   STATE SERVICE\n22/tcp open  ssh\n"),
      std::string::npos)
      << text;
}

TEST(ScanOutput, XmlEscapesAndClosesTheDocument) {
  std::ostringstream out;
  auto w = make_xml_writer(out);
  ScanInfo info;
  info.command_line = "sockscope scan \"x\" <y>";
  info.types = {ScanType::kSyn};
  info.tcp_ports = {22, 80};
  w->begin(info);
  w->host(host_with(3, {22}));
  w->end({});
  std::string xml = out.str();
  EXPECT_NE(xml.find("args=\"sockscope scan &quot;x&quot; &lt;y&gt;\""), std::string::npos);
  EXPECT_NE(xml.find("<hostname name=\"lab&lt;&amp;&gt;\" type=\"user\"/>"), std::string::npos);
  EXPECT_NE(xml.find("services=\"22,80\""), std::string::npos);
  EXPECT_EQ(xml.substr(xml.size() - 11), "</nmaprun>\n");
}

TEST(ScanOutput, JsonAndNdjsonParse) {
  std::ostringstream doc, lines;
  auto json = make_json_writer(doc);
  auto nd = make_ndjson_writer(lines, false);
  ScanInfo info;
  json->begin(info);
  HostReport h = host_with(2, {22});
  for (const auto& r : h.results) nd->result(r);
  json->host(h);
  nd->host(h);
  json->end({});
  nd->end({});
  auto d = nlohmann::json::parse(doc.str());
  ASSERT_EQ(d["hosts"].size(), 1u);
  EXPECT_EQ(d["hosts"][0]["name"], "lab<&>");
  EXPECT_EQ(d["hosts"][0]["results"][2]["open"], true);
  EXPECT_EQ(d["hosts"][0]["results"][2]["ttl"], 64);
  EXPECT_TRUE(d["hosts"][0]["results"][0]["ttl"].is_null());
  std::istringstream in(lines.str());
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["host"], "192.0.2.2");
    ++n;
  }
  EXPECT_EQ(n, 3);
}

// NDJSON lines go out in blocks, and at the latest 50 ms (by the writer's clock) after
// the last write, checked every 64 results: a live reader sees progress without a
// write per result. The injected clock makes the pacing testable without sleeping.
TEST(ScanOutput, NdjsonFlushesByItsClockNotPerResult) {
  ManualClock clock;
  std::ostringstream lines;
  auto nd = make_ndjson_writer(lines, false, clock);
  HostReport h = host_with(300, {});
  std::size_t i = 0;
  for (; i < 128; ++i) nd->result(h.results[i]);
  EXPECT_EQ(lines.str(), "") << "no time passed: nothing written yet";
  clock.advance(std::chrono::milliseconds(60));
  for (; i < 191; ++i) nd->result(h.results[i]);
  EXPECT_EQ(lines.str(), "") << "the clock is read every 64th result only";
  nd->result(h.results[i++]);
  std::string written = lines.str();
  EXPECT_EQ(std::count(written.begin(), written.end(), '\n'), 192);
  for (; i < 300; ++i) nd->result(h.results[i]);
  EXPECT_EQ(lines.str(), written) << "50 ms have not passed again";
  nd->end({});
  written = lines.str();
  EXPECT_EQ(std::count(written.begin(), written.end(), '\n'), 300);
}

// Reasons and names come from outside too (a --resume file, a host name, /etc/services):
// quotes, backslashes and control characters are escaped in every JSON writer, and each
// result object has exactly nmap's fields and values.
TEST(ScanOutput, JsonEscapesWhatItWrites) {
  std::string odd = std::string("q\"b\\s\x01\x1f\n") + "\xc3\xa9";  // UTF-8 passes as is
  HostReport h = host_with(0, {22});
  h.target.name = odd;
  h.results[0].target = h.target;
  h.results[0].reason = odd;
  h.results[0].window = 1024;
  h.results[0].reason_ip = net::IpAddress::v4(0xC0000201);
  std::ostringstream doc, lines;
  auto json = make_json_writer(doc);
  auto nd = make_ndjson_writer(lines, false);
  ScanInfo info;
  json->begin(info);
  nd->result(h.results[0]);
  json->host(h);
  json->end({});
  nd->end({});
  auto d = nlohmann::json::parse(doc.str());
  auto n = nlohmann::json::parse(lines.str());
  EXPECT_EQ(d["hosts"][0]["name"], odd);
  EXPECT_EQ(n["name"], odd);
  for (const auto& r : {d["hosts"][0]["results"][0], n}) {
    EXPECT_EQ(r["port"], 22);
    EXPECT_EQ(r["proto"], "tcp");
    EXPECT_EQ(r["open"], true);
    EXPECT_EQ(r["state"], "open");
    EXPECT_EQ(r["reason"], odd);
    EXPECT_EQ(r["service"], net::service_name(22, net::Transport::kTcp));
    EXPECT_EQ(r["ttl"], 64);
    EXPECT_EQ(r["window"], 1024);
    EXPECT_EQ(r["reason_ip"], "192.0.2.1");
  }
  EXPECT_NE(doc.str().find(R"("reason":"q\"b\\s\u0001\u001f\u000a)"), std::string::npos)
      << doc.str();
}

// An ICMP error from a router names it (nmap's reason_ip) in -oX and -oJ/-oD; answers
// from the target itself carry no such field.
TEST(ScanOutput, ReasonIpOnlyForAnswersFromElsewhere) {
  HostReport h = host_with(0, {22});
  PortResult routed = h.results[0];
  routed.port = 7000;
  routed.proto = net::Transport::kUdp;
  routed.state = PortState::kFiltered;
  routed.reason = "port-unreach";
  routed.ttl = 64;
  routed.reason_ip = net::IpAddress::v4(0xC0000242);  // 192.0.2.66
  h.results.push_back(routed);
  std::ostringstream xml_out, json_out, nd_out;
  auto xml = make_xml_writer(xml_out);
  auto json = make_json_writer(json_out);
  auto nd = make_ndjson_writer(nd_out, false);
  for (auto* w : {xml.get(), json.get(), nd.get()}) {
    w->begin({});
    for (const auto& r : h.results) w->result(r);
    w->host(h);
    w->end({});
  }
  std::string x = xml_out.str();
  EXPECT_NE(x.find("<state state=\"filtered\" reason=\"port-unreach\" reason_ttl=\"64\" "
                   "reason_ip=\"192.0.2.66\"/>"),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("<state state=\"open\" reason=\"syn-ack\" reason_ttl=\"64\"/>"),
            std::string::npos)
      << x;
  EXPECT_EQ(x.find("reason_ip"), x.rfind("reason_ip"));  // once: only the routed port
  auto results = nlohmann::json::parse(json_out.str())["hosts"][0]["results"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_FALSE(results[0].contains("reason_ip"));
  EXPECT_EQ(results[1]["reason_ip"], "192.0.2.66");
  std::istringstream lines(nd_out.str());
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_FALSE(nlohmann::json::parse(first).contains("reason_ip"));
  EXPECT_EQ(nlohmann::json::parse(second)["reason_ip"], "192.0.2.66");
  // IPv6 routers too.
  net::IpAddress router6;
  router6.family = AF_INET6;
  router6.bytes = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42};
  h.results[1].reason_ip = router6;
  std::ostringstream again;
  auto xml6 = make_xml_writer(again);
  xml6->begin({});
  xml6->host(h);
  EXPECT_NE(again.str().find("reason_ip=\"2001:db8::42\""), std::string::npos) << again.str();
}

// NDJSON and CSV lines are buffered, not written one by one, but never held back for
// long: a full block reaches the stream before the host ends, and end() writes the rest.
TEST(ScanOutput, LineWritersBufferInBoundedBlocks) {
  std::ostringstream lines, csv;
  auto nd = make_ndjson_writer(lines, false);
  auto cw = make_csv_writer(csv, false);
  cw->begin({});
  HostReport h = host_with(2, {22});
  PortResult r = h.results.back();
  for (int i = 0; i < 5000; ++i) {
    r.port = static_cast<std::uint16_t>(1 + i);
    nd->result(r);
    cw->result(r);
  }
  EXPECT_GT(lines.str().size(), 0u);
  EXPECT_GT(csv.str().size(), 40u);
  nd->end({});
  cw->end({});
  std::istringstream in(lines.str());
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["port"], n + 1);
    ++n;
  }
  EXPECT_EQ(n, 5000);
  std::string text = csv.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5001);
}

TEST(ScanMerge, OneResultPerPairFromDocumentsAndLines) {
  std::string doc =
      R"({"hosts":[{"host":"192.0.2.2","results":[{"port":22,"proto":"tcp","open":true,"state":"open"}]}],"elapsed":1.5})";
  std::string nd =
      "{\"host\":\"192.0.2.2\",\"port\":22,\"proto\":\"tcp\",\"state\":\"open\",\"open\":true}\n"
      "{\"host\":\"192.0.2.1\",\"port\":80,\"proto\":\"tcp\",\"state\":\"closed\",\"open\":false}\n"
      "{\"host\":\"192.0.2.1\",\"port\":8";  // torn by a kill
  auto m = merge_scan_outputs({{"a.json", doc}, {"b.ndjson", nd}});
  ASSERT_EQ(m["hosts"].size(), 2u);
  EXPECT_EQ(m["hosts"][0]["host"], "192.0.2.1");
  EXPECT_EQ(m["hosts"][1]["results"].size(), 1u);  // 22/tcp once, not twice
  EXPECT_EQ(m["elapsed"], 1.5);
  EXPECT_THROW(merge_scan_outputs({{"junk", "not json\n"}}), Error);
}

// --open shards: each host's extraports are the union of the inputs' (groups of the same
// state/proto/reason joined, ranges unioned, counts recomputed), less the pairs some input
// lists as a result (the result wins, counted once); a host with only unlisted pairs
// stays. The merged document reads back as a resume file holding every pair.
TEST(ScanMerge, ExtraportsAreUnionedAndListedResultsWin) {
  std::string doc =
      R"({"hosts":[{"host":"192.0.2.2","results":[{"port":22,"proto":"tcp","open":true,)"
      R"("state":"open","reason":"syn-ack"}],"extraports":[{"state":"closed","proto":"tcp",)"
      R"("reason":"conn-refused","count":28,"ports":"1-21,23-30"}]}],"elapsed":1})";
  std::string nd =
      "{\"host\":\"192.0.2.2\",\"port\":25,\"proto\":\"tcp\",\"state\":\"open\","
      "\"open\":true,\"reason\":\"syn-ack\"}\n"
      "{\"host\":\"192.0.2.2\",\"extraports\":[{\"state\":\"closed\",\"proto\":\"tcp\","
      "\"reason\":\"conn-refused\",\"count\":11,\"ports\":\"28-38\"},{\"state\":"
      "\"filtered\",\"proto\":\"udp\",\"reason\":\"no-response\",\"count\":1,"
      "\"ports\":\"53\"}]}\n"
      "{\"host\":\"192.0.2.3\",\"name\":\"lab\",\"extraports\":[{\"state\":\"closed\","
      "\"proto\":\"tcp\",\"reason\":\"conn-refused\",\"count\":5,\"ports\":\"1-5\"}]}\n";
  // 25/tcp: unlisted in the document, open in the lines; the result wins either way round.
  std::string doc25 = doc;
  doc25.replace(doc25.find("23-30"), 5, "23-40");
  for (const auto& inputs :
       {std::vector<std::pair<std::string, std::string>>{{"a.json", doc25}, {"b.ndjson", nd}},
        {{"b.ndjson", nd}, {"a.json", doc25}}}) {
    auto m = merge_scan_outputs(inputs);
    ASSERT_EQ(m["hosts"].size(), 2u) << m;
    const auto& h = m["hosts"][0];
    EXPECT_EQ(h["host"], "192.0.2.2");
    EXPECT_EQ(h["results"].size(), 2u) << h;
    ASSERT_EQ(h["extraports"].size(), 2u) << h;
    EXPECT_EQ(h["extraports"][0], (nlohmann::json{{"state", "closed"},
                                                  {"proto", "tcp"},
                                                  {"reason", "conn-refused"},
                                                  {"count", 38},
                                                  {"ports", "1-21,23-24,26-40"}}));
    EXPECT_EQ(h["extraports"][1]["ports"], "53");
    EXPECT_EQ(h["extraports"][1]["count"], 1);
    const auto& only = m["hosts"][1];  // no result at all, still a host
    EXPECT_EQ(only["host"], "192.0.2.3");
    EXPECT_EQ(only["name"], "lab");
    EXPECT_TRUE(only["results"].empty());
    EXPECT_EQ(only["extraports"][0]["count"], 5);

    ResumeFile f = parse_resume_text("merged.json", m.dump());
    EXPECT_EQ(f.results.size(), 2u + 38u + 1u + 5u);
    auto p25 = f.results.find(net::IpAddress::v4(0xC0000202), 25, net::Transport::kTcp);
    ASSERT_TRUE(p25.has_value());
    EXPECT_EQ(p25->state, PortState::kOpen);
    auto p40 = f.results.find(net::IpAddress::v4(0xC0000202), 40, net::Transport::kTcp);
    ASSERT_TRUE(p40.has_value());
    EXPECT_EQ(p40->state, PortState::kClosed);
    EXPECT_FALSE(f.results.find(net::IpAddress::v4(0xC0000202), 41, net::Transport::kTcp));
  }

  // Extraports that are not port ranges are refused, naming the input and the host.
  std::string bad = doc;
  bad.replace(bad.find("23-30"), 5, "30-23");
  try {
    merge_scan_outputs({{"bad.json", bad}});
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'bad.json': the extraports of 192.0.2.2"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(merge_scan_outputs({{"b.ndjson",
                                    "{\"host\":\"192.0.2.2\",\"extraports\":[{"
                                    "\"state\":\"closed\",\"proto\":\"sctp\","
                                    "\"ports\":\"1\"}]}\n"}}),
               Error);
}

// Inputs that disagree on a pair: one rule whatever their order. The more informative
// state wins; at equal states the later scan (-oJ's host "end"); then open over closed.
TEST(ScanMerge, DisagreementsFollowOneRuleInEitherOrder) {
  auto doc = [](const char* state, bool open, int end, int port = 22) {
    return std::string(R"({"hosts":[{"host":"192.0.2.2","end":)") + std::to_string(end) +
           R"(,"results":[{"port":)" + std::to_string(port) + R"(,"proto":"tcp","open":)" +
           (open ? "true" : "false") + R"(,"state":")" + state + R"("}]}],"elapsed":1})";
  };
  auto line = [](const char* state, bool open) {
    return std::string(R"({"host":"192.0.2.2","port":22,"proto":"tcp","open":)") +
           (open ? "true" : "false") + R"(,"state":")" + state + "\"}\n";
  };
  auto state_of = [](const std::vector<std::pair<std::string, std::string>>& in) {
    auto m = merge_scan_outputs(in);
    std::vector<std::pair<std::string, std::string>> reversed(in.rbegin(), in.rend());
    auto r = merge_scan_outputs(reversed);
    EXPECT_EQ(m, r) << "the order of the inputs changed the merge";
    return m["hosts"][0]["results"][0]["state"].get<std::string>();
  };
  // An answer over silence, however old.
  EXPECT_EQ(state_of({{"a", doc("closed", false, 100)}, {"b", doc("filtered", false, 200)}}),
            "closed");
  EXPECT_EQ(state_of({{"a", line("open|filtered", false)}, {"b", doc("filtered", false, 1)}}),
            "filtered");
  // Two answers: the later scan.
  EXPECT_EQ(state_of({{"a", doc("open", true, 100)}, {"b", doc("closed", false, 200)}}), "closed");
  EXPECT_EQ(state_of({{"a", doc("open", true, 300)}, {"b", doc("closed", false, 200)}}), "open");
  // Two answers, no times (-oD): open.
  EXPECT_EQ(state_of({{"a", line("closed", false)}, {"b", line("open", true)}}), "open");
  // A timed -oJ result is later than an untimed -oD one.
  EXPECT_EQ(state_of({{"a", line("open", true)}, {"b", doc("closed", false, 5)}}), "closed");
}

// Empty inputs (an empty file, /dev/null) hold no results: refused, naming the input.
TEST(ScanMerge, EmptyInputIsRefused) {
  for (const char* text : {"", "\n", "  \n\n"}) {
    try {
      merge_scan_outputs({{"a.json", R"({"hosts":[],"elapsed":0})"}, {"/dev/null", text}});
      ADD_FAILURE() << "accepted empty input";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kUsage);
      EXPECT_NE(std::string(e.what()).find("'/dev/null': empty"), std::string::npos) << e.what();
    }
  }
}

// --lab-json: the shape of lab 4.2's scan_results.json, keys in the lab's order.
TEST(LabJson, TheLabsShapeAndReasons) {
  HostReport h;
  h.target.address = net::IpAddress::v4(0xC0000202);
  h.target.name = "lab";
  auto add = [&](std::uint16_t port, PortState state, const char* reason,
                 net::Transport proto = net::Transport::kTcp) {
    PortResult r;
    r.target = h.target;
    r.port = port;
    r.proto = proto;
    r.state = state;
    r.reason = reason;
    h.results.push_back(r);
  };
  add(22, PortState::kOpen, "syn-ack");
  add(23, PortState::kClosed, "conn-refused");
  add(24, PortState::kFiltered, "no-response");
  add(25, PortState::kFiltered, "host-unreach");
  add(53, PortState::kOpen, "udp-response", net::Transport::kUdp);  // not the lab's
  std::ostringstream out;
  auto w = make_lab_json_writer(out);
  ScanInfo info;
  w->begin(info);
  w->host(h);
  ScanSummary s;
  s.elapsed = std::chrono::milliseconds(1500);
  w->end(s);
  EXPECT_EQ(out.str(),
            "{\n"
            "  \"host\": \"lab\",\n"
            "  \"elapsed\": 1.5,\n"
            "  \"results\": [\n"
            "    {\n      \"port\": 22,\n      \"open\": true,\n      \"reason\": null\n    },\n"
            "    {\n      \"port\": 23,\n      \"open\": false,\n      \"reason\": \"refused\"\n"
            "    },\n"
            "    {\n      \"port\": 24,\n      \"open\": false,\n      \"reason\": \"timeout\"\n"
            "    },\n"
            "    {\n      \"port\": 25,\n      \"open\": false,\n      \"reason\": \"[Errno 113] "
            "No route to host\"\n    }\n"
            "  ]\n"
            "}\n");
  EXPECT_NO_THROW(check_lab_json_fits(1, {ScanType::kConnect, ScanType::kUdp}));
  EXPECT_THROW(check_lab_json_fits(2, {ScanType::kConnect}), Error);
  EXPECT_THROW(check_lab_json_fits(1, {ScanType::kUdp}), Error);
}

}  // namespace
}  // namespace sockscope::scan
