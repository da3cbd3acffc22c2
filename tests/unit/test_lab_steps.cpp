// The lab's step runner (lab/steps.h): order, stop at the first failure, a throw is a
// failure with its message in the transcript. The lab's private directory (lab_files.h).
// The answers the capture steps print (lab_capture_answers.h), on synthetic captures.
#include "lab/steps.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.h"
#include "fmt/format.h"
#include "lab/lab_capture_answers.h"
#include "lab/lab_files.h"
#include "packet_builder.h"

namespace sockscope::lab {
namespace {

class Recording final : public Transcript {
 public:
  std::vector<std::string> lines;
  void step(int number, std::string_view name) override {
    // (fmt, not operator+: GCC 12 reports a false -Wrestrict on the chained form)
    lines.push_back(fmt::format("[{}] {}", number, name));
  }
  void line(std::string_view text) override { lines.emplace_back(text); }
  void failed(std::string_view why) override { lines.push_back(fmt::format("FAILED: {}", why)); }
  bool has(std::string_view text) const {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(text) != std::string::npos; });
  }
};

TEST(LabSteps, RunsInOrderOverSharedState) {
  LabState state;
  Recording t;
  std::vector<Step> steps{
      {"first",
       [](LabState& s, Transcript& tr) {
         s.found_tcp_port = 7;
         tr.line("set");
         return true;
       }},
      {"second", [](LabState& s, Transcript&) { return s.found_tcp_port == 7; }},
  };
  LabResult r = run_steps(steps, state, t);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.passed, 2);
  EXPECT_EQ(t.lines, (std::vector<std::string>{"[1] first", "set", "[2] second"}));
}

TEST(LabSteps, StopsAtTheFirstFailure) {
  LabState state;
  Recording t;
  bool third_ran = false;
  std::vector<Step> steps{
      {"ok", [](LabState&, Transcript&) { return true; }},
      {"no", [](LabState&, Transcript&) { return false; }},
      {"never", [&](LabState&, Transcript&) { return third_ran = true; }},
  };
  LabResult r = run_steps(steps, state, t);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.passed, 1);
  EXPECT_EQ(r.total, 3);
  EXPECT_EQ(r.failed_step, "no");
  EXPECT_FALSE(third_ran);
}

TEST(LabSteps, AThrowFailsTheStepWithItsMessage) {
  LabState state;
  Recording t;
  std::vector<Step> steps{
      {"boom", [](LabState&, Transcript&) -> bool { throw std::runtime_error("port taken"); }},
  };
  LabResult r = run_steps(steps, state, t);
  EXPECT_EQ(r.failed_step, "boom");
  EXPECT_EQ(t.lines.back(), "FAILED: port taken");
}

TEST(LabSteps, ElapsedComesFromTheGivenClock) {
  LabState state;
  Recording t;
  ManualClock clock;
  std::vector<Step> steps{{"wait", [&](LabState&, Transcript&) {
                             clock.advance(std::chrono::milliseconds(250));
                             return true;
                           }}};
  LabResult r = run_steps(steps, state, t, clock);
  EXPECT_EQ(r.elapsed, std::chrono::milliseconds(250));
}

TEST(LabSteps, ShowLinesPrefixesEachLine) {
  Recording t;
  show_lines(t, "a\n\nb\n", "> ");
  EXPECT_EQ(t.lines, (std::vector<std::string>{"> a", "", "> b"}));
  Recording skipped;
  show_lines(skipped, "a\n\nb", "> ", true);
  EXPECT_EQ(skipped.lines, (std::vector<std::string>{"> a", "> b"}));
}

// A directory of this test's own under /tmp, removed at the end.
class TempParent {
 public:
  TempParent() {
    char name[] = "/tmp/sockscope-unit-lab.XXXXXX";
    if (::mkdtemp(name) != nullptr) path = name;
  }
  ~TempParent() {
    std::error_code ignored;
    if (!path.empty()) std::filesystem::remove_all(path, ignored);
  }
  std::string path;
};

mode_t mode_of(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

TEST(LabFiles, APrivateDirectoryOfPrivateFilesRemovedAtTheEnd) {
  TempParent parent;
  std::string dir, file;
  {
    LabFiles files(parent.path);
    dir = files.dir();
    EXPECT_EQ(dir.rfind(parent.path + "/sockscope-lab-", 0), 0U) << dir;
    EXPECT_EQ(mode_of(dir), 0700U);
    file = files.create("lab.pcapng");
    EXPECT_EQ(file, dir + "/lab.pcapng");
    EXPECT_EQ(mode_of(file), 0600U);
    EXPECT_THROW(files.create("lab.pcapng"), Error);  // never reused
  }
  EXPECT_EQ(mode_of(file), 0U);
  EXPECT_EQ(mode_of(dir), 0U);
}

TEST(LabFiles, NeverWritesThroughASymlink) {
  TempParent parent;
  std::string victim = parent.path + "/victim";
  std::ofstream(victim) << "precious";
  LabFiles files(parent.path);
  ASSERT_EQ(::symlink(victim.c_str(), (files.dir() + "/planted").c_str()), 0);
  EXPECT_THROW(files.create("planted"), Error);
  std::ifstream in(victim);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "precious");
}

TEST(LabFiles, KeptWhenAsked) {
  TempParent parent;
  std::string dir;
  {
    LabFiles files(parent.path);
    files.create("scan_results.json");
    files.keep();
    dir = files.dir();
  }
  EXPECT_EQ(mode_of(dir), 0700U);
  EXPECT_EQ(mode_of(dir + "/scan_results.json"), 0600U);
}

TEST(LabFiles, AParentThatIsNotThereIsOneLine) {
  try {
    LabFiles files("/nonexistent/dir");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot make a private directory for the lab's files in '/nonexistent/dir': No "
              "such file or directory");
  }
}

// The lab's exchanges as a capture would hold them: 192.0.2.1 is the client, 192.0.2.2
// the servers; a UDP exchange with port 12000, then the communicator's connection.
std::string write_capture(LabFiles& files, bool answer_syn_right = true) {
  using namespace sockscope::testing;
  auto udp = [](std::uint16_t s, std::uint16_t d, const std::string& text, std::uint8_t from,
                std::uint8_t to) { return ethernet(ipv4(17, udp_datagram(s, d, text), from, to)); };
  auto tcp = [](bool to_server, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                const std::string& text = "") {
    return to_server ? ethernet(ipv4(6, tcp_segment(40001, 65432, seq, ack, flags, text), 1, 2))
                     : ethernet(ipv4(6, tcp_segment(65432, 40001, seq, ack, flags, text), 2, 1));
  };
  const std::string message = "Would you like green eggs and ham?";
  auto end = static_cast<std::uint32_t>(1001 + message.size());
  std::vector<Frame> frames{
      udp(40000, 12000, "hello from the udp client", 1, 2),
      udp(12000, 40000, "HELLO FROM THE UDP CLIENT", 2, 1),
      tcp(true, 1000, 0, 0x02),
      tcp(false, 5000, answer_syn_right ? 1001 : 1000, 0x12),
      tcp(true, 1001, 5001, 0x10),
      tcp(true, 1001, 5001, 0x18, message),
      tcp(false, 5001, end, 0x18, "#<<END>>#"),
      tcp(true, end, 5010, 0x11),
      tcp(false, 5010, end + 1, 0x11),
      tcp(true, end + 1, 5011, 0x10),
  };
  std::string path = files.create("lab.pcapng");
  auto bytes = pcap_file(frames);
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  return path;
}

TEST(LabCaptureAnswers, FollowsTheUdpStream) {
  TempParent parent;
  LabFiles files(parent.path);
  std::string path = write_capture(files);
  Recording t;
  EXPECT_TRUE(follow_udp_stream(path, 12000, t));
  EXPECT_TRUE(t.has("$ sockscope follow lab.pcapng --udp 0"));
  EXPECT_TRUE(t.has("  hello from the udp client"));
  EXPECT_TRUE(t.has("  HELLO FROM THE UDP CLIENT"));
  EXPECT_TRUE(t.has("the UDP stream: the client's 25 bytes, then the server's 25 bytes back"));
  Recording none;
  EXPECT_FALSE(follow_udp_stream(path, 12001, none));
  EXPECT_EQ(none.lines.back(), "FAILED: no UDP packet to or from port 12001 was captured");
}

TEST(LabCaptureAnswers, FiltersTcpBetweenTheHosts) {
  TempParent parent;
  LabFiles files(parent.path);
  std::string path = write_capture(files);
  Recording t;
  EXPECT_TRUE(filter_tcp_between_hosts(path, "192.0.2.1", t));
  EXPECT_TRUE(t.has("$ sockscope read lab.pcapng -Y 'ip.addr == 192.0.2.1 && tcp'"));
  EXPECT_TRUE(
      t.has("8 of 10 packets match: every TCP packet to or from 192.0.2.1; the other 2 "
            "(UDP) are left out"));
  EXPECT_TRUE(t.has("40001 → 65432 [SYN] Seq=0"));
  Recording other;  // a host that is not in the capture: nothing matches
  EXPECT_FALSE(filter_tcp_between_hosts(path, "192.0.2.9", other));
}

TEST(LabCaptureAnswers, ReadsTheHandshakeFromTheAbsoluteFlowGraph) {
  TempParent parent;
  LabFiles files(parent.path);
  std::string path = write_capture(files);
  Recording t;
  EXPECT_TRUE(flow_graph_absolute(path, t));
  EXPECT_TRUE(t.has("--absolute-seq"));
  EXPECT_TRUE(t.has("SYN sequence number: 1000"));
  EXPECT_TRUE(t.has("SYN-ACK sequence number: 5000 "));
  EXPECT_TRUE(t.has("SYN-ACK acknowledgement number: 1001 = 1000 + 1"));

  LabFiles wrong_files(parent.path);
  Recording wrong;
  EXPECT_FALSE(flow_graph_absolute(write_capture(wrong_files, false), wrong));
}

}  // namespace
}  // namespace sockscope::lab
