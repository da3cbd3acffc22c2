// The scan's policy that used to live in the CLI: which scan types run (nmap's default
// by privilege), --shard I/N, which output files from -o flags, output flags whose value
// is missing or is the next flag, the activity-log line, and what a recorded command
// (--resume FILE alone) may write.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "scan/activity_log.h"
#include "scan/output_choice.h"
#include "scan/recorded_command.h"
#include "scan/scan_outputs.h"
#include "scan/scan_type_choice.h"
#include "scan/shard.h"

namespace sockscope::scan {
namespace {

using Types = std::vector<ScanType>;

TEST(ScanTypeChoice, DefaultIsSynWithRawSocketsAndConnectWithout) {
  EXPECT_EQ(choose_scan_types({}, true), Types{ScanType::kSyn});
  EXPECT_EQ(choose_scan_types({}, false), Types{ScanType::kConnect});
  // Given letters decide whatever the privilege; UDP comes after the TCP type.
  EXPECT_EQ(choose_scan_types({"T"}, true), Types{ScanType::kConnect});
  EXPECT_EQ(choose_scan_types({"U", "S"}, false), (Types{ScanType::kSyn, ScanType::kUdp}));
  EXPECT_EQ(choose_scan_types({"SU"}, false), (Types{ScanType::kSyn, ScanType::kUdp}));
  EXPECT_EQ(choose_scan_types({"U"}, true), Types{ScanType::kUdp});  // no TCP added
  EXPECT_THROW(choose_scan_types({"S", "T"}, true), Error);
  EXPECT_THROW(choose_scan_types({"X"}, true), Error);
}

TEST(Shard, OneBasedTextZeroBasedIndex) {
  Shard s = parse_shard("2/3");
  EXPECT_EQ(s.index, 1u);
  EXPECT_EQ(s.count, 3u);
  EXPECT_EQ(parse_shard("1/1").count, 1u);
  for (const char* bad : {"", "3", "0/3", "4/3", "1/0", "a/b", "1/3/4", "-1/3", "1/1000001"}) {
    try {
      parse_shard(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kUsage);
      EXPECT_NE(std::string(e.what()).find("bad --shard '" + std::string(bad) + "'"),
                std::string::npos)
          << e.what();
    }
  }
}

TEST(OutputChoice, LettersBecomeFilesAndOaExpands) {
  OutputChoice c = choose_outputs({"J", "a.json", "A", "base", "D", "-"});
  EXPECT_EQ(c.json, "a.json");
  EXPECT_EQ(c.normal, "base.nmap");
  EXPECT_EQ(c.xml, "base.xml");
  EXPECT_EQ(c.grep, "base.gnmap");
  EXPECT_EQ(c.ndjson, "-");
  EXPECT_TRUE(c.takes_stdout());
  EXPECT_FALSE(choose_outputs({"J", "a.json"}).takes_stdout());
  EXPECT_EQ(choose_outputs({"N", "a", "N", "b"}).normal, "b");  // the later flag wins
  EXPECT_THROW(choose_outputs({"Q", "x"}), Error);
  EXPECT_THROW(choose_outputs({"J"}), Error);  // a letter without its file
}

std::string output_error(const std::vector<std::string>& words) {
  try {
    check_output_flag_values(words);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    return e.what();
  }
  return "";
}

TEST(OutputChoice, AFlagWhereTheFileShouldBeIsRefused) {
  // The cases: each names the flag whose file is missing.
  EXPECT_NE(output_error({"192.0.2.1", "-p", "80", "-oJ", "-oX", "x.xml"}).find("bad -oJ:"),
            std::string::npos);
  EXPECT_NE(output_error({"192.0.2.1", "--csv", "--no-progress"}).find("bad --csv:"),
            std::string::npos);
  EXPECT_NE(output_error({"192.0.2.1", "-oJ"}).find("bad -oJ:"), std::string::npos);
  EXPECT_NE(output_error({"192.0.2.1", "-oA"}).find("bad -oA:"), std::string::npos);
  EXPECT_NE(output_error({"192.0.2.1", "-o"}).find("bad -o:"), std::string::npos);
  EXPECT_NE(output_error({"192.0.2.1", "-o", "J"}).find("bad -oJ:"), std::string::npos);
  EXPECT_NE(output_error({"192.0.2.1", "--lab-json", "-p", "80"}).find("bad --lab-json:"),
            std::string::npos);
  EXPECT_NE(output_error({"192.0.2.1", "--csv="}).find("bad --csv:"), std::string::npos);
  // Files, stdout, and flags that only start like -o are fine.
  EXPECT_EQ(output_error({"192.0.2.1", "-oJ", "-", "-oX", "x.xml", "--open", "--csv", "c.csv", "-o",
                          "N", "n.txt", "--csv=d.csv", "--lab-json", "l.json"}),
            "");
  EXPECT_EQ(output_error({"--", "-oJ"}), "");  // after --, words are targets
}

TEST(ActivityLog, OneTabSeparatedLinePerRun) {
  ActivityRecord r;
  r.when = 1764832522;  // 2025-12-04T07:15:22Z
  r.command_line = "sockscope scan 192.0.2.2 -p 22,80";
  r.targets = {"192.0.2.2", "lab"};
  r.types = {ScanType::kConnect, ScanType::kUdp};
  r.ports.tcp = {22, 80, 81, 82};
  r.ports.udp = {53};
  r.elapsed = std::chrono::milliseconds(1234);
  r.open = 2;
  EXPECT_EQ(activity_line(r),
            "2025-12-04T07:15:22Z\tcommand=sockscope scan 192.0.2.2 -p 22,80\t"
            "targets=192.0.2.2 lab\tports=22,80-82,U:53\tmode=connect+udp\tduration=1.23s\t"
            "open=2");
  r.interrupted = true;
  r.ports.tcp.clear();
  EXPECT_EQ(activity_line(r).substr(activity_line(r).find("\tports=")),
            "\tports=U:53\tmode=connect+udp\tduration=1.23s\topen=2\tinterrupted");
}

TEST(ActivityLog, AnUnwritablePathIsRefusedWhenOpened) {
  EXPECT_THROW(ActivityLog("/nonexistent-dir-of-sockscope/x.log"), Error);
  std::string dir = std::filesystem::temp_directory_path() / "sockscope-unit-XXXXXX";
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  EXPECT_THROW(ActivityLog{dir}, Error);  // a directory
  {
    ActivityLog log(dir + "/a.log");
    ActivityRecord r;
    r.command_line = "sockscope scan x";
    log.append(r);
    log.append(r);
  }
  std::ifstream in(dir + "/a.log");
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) ++lines;
  EXPECT_EQ(lines, 2);
  std::filesystem::remove_all(dir);
}

TEST(RecordedCommand, CommandLineIsShellQuoted) {
  EXPECT_EQ(scan_command_line({}), "sockscope scan");
  EXPECT_EQ(scan_command_line({"192.0.2.2", "-oN", "a b"}), "sockscope scan 192.0.2.2 -oN 'a b'");
}

// --resume FILE --max-rate N: the recorded words get the new rate wherever the recorded
// run gave one, in either spelling, and first when it gave none; words after `--` are
// targets, never the option.
TEST(RecordedCommand, APacingFlagTakesItsNewValue) {
  using W = std::vector<std::string>;
  EXPECT_EQ(
      with_option_value({"192.0.2.2", "--max-rate", "1000", "-oJ", "a.json"}, "--max-rate", "50"),
      (W{"192.0.2.2", "--max-rate", "50", "-oJ", "a.json"}));
  EXPECT_EQ(with_option_value({"192.0.2.2", "--max-rate=1000"}, "--max-rate", "50"),
            (W{"192.0.2.2", "--max-rate=50"}));
  EXPECT_EQ(with_option_value({"192.0.2.2", "-p", "80"}, "--max-rate", "50"),
            (W{"--max-rate", "50", "192.0.2.2", "-p", "80"}));
  EXPECT_EQ(with_option_value({"-p", "80", "--", "--max-rate"}, "--max-rate", "50"),
            (W{"--max-rate", "50", "-p", "80", "--", "--max-rate"}));
  // --min-rate is another flag, not a spelling of --max-rate.
  EXPECT_EQ(with_option_value({"--min-rate", "10", "--max-rate", "20"}, "--min-rate", "5"),
            (W{"--min-rate", "5", "--max-rate", "20"}));
  EXPECT_EQ(with_option_value({}, "--max-rate", "50"), (W{"--max-rate", "50"}));
}

// What the owner of a resume file could have written: never through a symlink; an
// existing file the owner may write; a new file in a directory the owner may write.
TEST(RecordedCommand, OutputsTheFilesOwnerCouldNotWriteAreRefused) {
  std::string dir = std::filesystem::temp_directory_path() / "sockscope-unit-XXXXXX";
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  std::string mine = dir + "/mine.nmap";
  std::ofstream(mine) << "x";
  ::chmod(mine.c_str(), 0644);
  ASSERT_EQ(::symlink(mine.c_str(), (dir + "/link").c_str()), 0);
  uid_t me = ::geteuid();
  uid_t other = me == 0 ? 65534 : 0;  // nobody (when we are root), or root

  EXPECT_NO_THROW(check_recorded_output("-oN", "-", other));
  EXPECT_NO_THROW(check_recorded_output("-oN", mine, me));
  EXPECT_NO_THROW(check_recorded_output("-oN", dir + "/new.xml", me));
  EXPECT_THROW(check_recorded_output("-oN", dir + "/link", me), Error);
  EXPECT_THROW(check_recorded_output("-oN", dir, me), Error);  // a directory
  EXPECT_THROW(check_recorded_output("-oN", dir + "/no/such/dir/x", me), Error);
  if (me == 0) {
    // Root running a file that nobody (uid 65534) owns: nobody could not write root's
    // 0644 file, nor create files in root's 0700 directory.
    ::chmod(dir.c_str(), 0700);
    EXPECT_THROW(check_recorded_output("-oN", mine, other), Error);
    EXPECT_THROW(check_recorded_output("--log", dir + "/new.log", other), Error);
    ::chmod(mine.c_str(), 0666);
    EXPECT_NO_THROW(check_recorded_output("-oN", mine, other));  // world-writable
    // Inputs: what nobody could read, root does not read for it.
    EXPECT_NO_THROW(check_recorded_input("-iL", mine, other));
    ::chmod(mine.c_str(), 0600);
    EXPECT_THROW(check_recorded_input("-iL", mine, other), Error);
    EXPECT_NO_THROW(check_recorded_input("-iL", mine, me));
    try {
      check_recorded_output("--log", "/etc/passwd", other);
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("recorded --log '/etc/passwd'"), std::string::npos)
          << e.what();
    }
  }
  std::filesystem::remove_all(dir);
}

// What the writers are told: a resumed run reports the first run's start and the
// earlier scanning time; a fresh one, now.
TEST(ScanOutputs, RunDescriptionCarriesTheResumedFilesTimes) {
  ScanOptions options;
  options.types = {ScanType::kConnect};
  options.ports.tcp = {22, 80};
  ScanInfo fresh = describe_run(options, {"192.0.2.2", "-p", "22,80"}, nullptr, 1000);
  EXPECT_EQ(fresh.command_line, "sockscope scan 192.0.2.2 -p 22,80");
  EXPECT_EQ(fresh.start, 1000);
  EXPECT_FALSE(fresh.resumed);
  EXPECT_EQ(fresh.tcp_ports, options.ports.tcp);
  ResumeFile file;
  file.path = "a.json";
  file.start = 400;
  file.elapsed = std::chrono::seconds(7);
  ScanInfo resumed = describe_run(options, {}, &file, 1000);
  EXPECT_TRUE(resumed.resumed);
  EXPECT_EQ(resumed.start, 400);
  EXPECT_EQ(resumed.run_start, 1000);
  EXPECT_EQ(resumed.resumed_from, "a.json");
  EXPECT_EQ(resumed.earlier_elapsed, file.elapsed);
}

TEST(ScanOutputs, SameFileSeesThroughSpellings) {
  EXPECT_TRUE(same_output_file("a.json", "./a.json"));
  EXPECT_FALSE(same_output_file("-", "-"));  // stdout is never the resume file
  EXPECT_FALSE(same_output_file("a.json", "b.json"));
}

}  // namespace
}  // namespace sockscope::scan
