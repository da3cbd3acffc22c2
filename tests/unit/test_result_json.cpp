// The JSON layout of results (scan/result_json.h): what the writers write, the readers of
// --resume and merge read back whole, field by field, for results, -oD lines and the
// --open extraports.
#include "scan/result_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace sockscope::scan {
namespace {

PortResult sample(std::uint16_t port, PortState state, const char* reason) {
  PortResult r;
  r.target = {net::IpAddress::v4(0xC0000202), "lab\"host"};
  r.port = port;
  r.state = state;
  r.reason = reason;
  return r;
}

void expect_same(const PortResult& a, const PortResult& b) {
  EXPECT_EQ(a.target.address, b.target.address);
  EXPECT_EQ(a.target.name, b.target.name);
  EXPECT_EQ(a.port, b.port);
  EXPECT_EQ(a.proto, b.proto);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.reason, b.reason);
  EXPECT_EQ(a.ttl, b.ttl);
  EXPECT_EQ(a.window, b.window);
  EXPECT_EQ(a.reason_ip, b.reason_ip);
}

TEST(ResultJson, EveryFieldOfAResultReadsBackFromItsNdjsonLine) {
  std::vector<PortResult> written;
  written.push_back(sample(22, PortState::kOpen, "syn-ack"));
  written.back().ttl = 64;
  written.back().window = 65535;
  written.push_back(sample(53, PortState::kFiltered, "host-unreach"));
  written.back().proto = net::Transport::kUdp;
  written.back().reason_ip = net::IpAddress::parse("2001:db8::1");
  written.push_back(sample(80, PortState::kOpenFiltered, "no-response\n"));  // escaped
  for (const PortResult& r : written) {
    std::string fields, line;
    append_host_fields(fields, r.target);
    append_result(line, r, fields);
    std::vector<PortResult> read;
    ASSERT_TRUE(read_ndjson_line(line, read)) << line;
    ASSERT_EQ(read.size(), 1u);
    expect_same(read[0], r);
    // The port-probing lab's autograder fields stay.
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["open"], r.state == PortState::kOpen);
    EXPECT_EQ(j["port"], r.port);
  }
}

TEST(ResultJson, ExtraportsRecordReadsBackAsOneResultPerPort) {
  PortGroup g;
  g.state = PortState::kClosed;
  g.proto = net::Transport::kTcp;
  g.count = 5;
  g.reason_ports = {{"reset", {1, 2, 3}}, {"conn-refused", {7, 9}}};
  net::Target target{net::IpAddress::v4(0xC0000203), ""};
  std::string record;
  ASSERT_TRUE(append_extraports_record(record, target, {g}));
  EXPECT_EQ(record,
            R"({"host":"192.0.2.3","extraports":[{"state":"closed","proto":"tcp","reason":"reset",)"
            R"("count":3,"ports":"1-3"},{"state":"closed","proto":"tcp","reason":"conn-refused",)"
            R"("count":2,"ports":"7,9"}]})"
            "\n");
  std::vector<PortResult> read;
  ASSERT_TRUE(read_ndjson_line(record, read));
  ASSERT_EQ(read.size(), 5u);
  EXPECT_EQ(read[3].port, 7);
  EXPECT_EQ(read[3].reason, "conn-refused");
  EXPECT_EQ(read[3].state, PortState::kClosed);
  std::string none;
  EXPECT_FALSE(append_extraports_record(none, target, {}));
  EXPECT_TRUE(none.empty());
}

TEST(ResultJson, DocumentHeadReadsBack) {
  ScanInfo info;
  info.command_line = "sockscope scan 192.0.2.2 -p 80";
  info.arguments = {"192.0.2.2", "-p", "80"};
  info.types = {ScanType::kSyn, ScanType::kUdp};
  info.start = 1'700'000'000;
  info.resumed = true;
  info.run_start = 1'700'000'100;
  info.earlier_elapsed = std::chrono::seconds(12);
  std::ostringstream out;
  write_json_head(out, info);
  std::string first_line = out.str().substr(0, out.str().find('\n'));
  auto head = nlohmann::json::parse(first_line.substr(0, first_line.size() - 1) + "}");
  ASSERT_TRUE(is_json_head(head));
  JsonHead read = read_json_head(head);
  EXPECT_EQ(read.arguments, info.arguments);
  EXPECT_EQ(read.types, info.types);
  EXPECT_EQ(read.start, info.start);
  EXPECT_EQ(read.run_start, info.run_start);
  EXPECT_EQ(read.earlier, 12.0);
  EXPECT_EQ(out.str().substr(out.str().find('\n') + 1), kJsonHostsLine);
}

TEST(ResultJson, MalformedRecordsAreRefusedNotThrown) {
  std::vector<PortResult> out;
  for (const char* line :
       {"{\"host\":\"192.0.2.2\",\"port\":0,\"state\":\"open\"}",
        "{\"host\":\"192.0.2.2\",\"port\":22,\"proto\":\"sctp\",\"state\":\"open\"}",
        "{\"host\":\"192.0.2.2\",\"port\":22,\"state\":\"maybe\"}",
        "{\"host\":\"not-an-address\",\"port\":22,\"state\":\"open\"}",
        "{\"host\":\"192.0.2.2\",\"extraports\":[{\"state\":\"closed\",\"proto\":\"tcp\","
        "\"ports\":\"30-23\"}]}",
        "[1,2]", "{\"host\":"}) {
    EXPECT_FALSE(read_ndjson_line(line, out)) << line;
  }
}

}  // namespace
}  // namespace sockscope::scan
