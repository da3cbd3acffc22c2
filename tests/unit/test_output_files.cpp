// How a scan opens its output files: a replacement written under a fresh temporary name
// (never an existing file or a planted symlink) and renamed over the file at the end;
// a symlinked path refused where it would be replaced or appended to; the appended
// NDJSON file cut at its last whole line.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "scan/output_files.h"

namespace sockscope::scan {
namespace {

class OutputFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / "sockscope-unit-XXXXXX";
    ASSERT_NE(::mkdtemp(dir_.data()), nullptr);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  static std::string read(const std::string& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string dir_;
};

TEST_F(OutputFilesTest, ReplacementIsWrittenBesideAndRenamedAtClose) {
  std::string x = path("x.json");
  std::ofstream(x) << "old";
  ::chmod(x.c_str(), 0640);
  // A planted file (or link) at the old fixed temporary name is never written through.
  std::string victim = path("victim");
  std::ofstream(victim) << "victim";
  ASSERT_EQ(::symlink(victim.c_str(), (x + ".resume-part").c_str()), 0);
  {
    OutputFiles files;
    std::ostream& out = files.open(x, OutputFiles::Mode::kReplace);
    std::string temp = files.temporary_of(x);
    ASSERT_FALSE(temp.empty());
    EXPECT_EQ(std::filesystem::path(temp).parent_path(), std::filesystem::path(dir_));
    out << "new";
    out.flush();
    EXPECT_EQ(read(x), "old");  // whole until close()
    files.close();
    EXPECT_FALSE(std::filesystem::exists(temp));
  }
  EXPECT_EQ(read(x), "new");
  EXPECT_EQ(read(victim), "victim");
  struct stat st {};
  ASSERT_EQ(::lstat(x.c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0640u);  // the replaced file's mode
}

TEST_F(OutputFilesTest, SymlinkedPathIsRefusedWhereReplacedOrAppended) {
  std::string victim = path("victim");
  std::ofstream(victim) << "victim\n";
  std::string link = path("x.json");
  ASSERT_EQ(::symlink(victim.c_str(), link.c_str()), 0);
  OutputFiles files;
  EXPECT_THROW(files.open(link, OutputFiles::Mode::kReplace), Error);
  EXPECT_THROW(files.open(link, OutputFiles::Mode::kAppend, 3), Error);
  EXPECT_EQ(read(victim), "victim\n");
  // A new document follows a link, as nmap does (-oX /dev/stdout).
  files.open(link, OutputFiles::Mode::kTruncate) << "doc";
  files.close();
  EXPECT_EQ(read(victim), "doc");
}

TEST_F(OutputFilesTest, TemporaryFileIsRemovedWhenNeverClosed) {
  std::string x = path("x.json");
  std::ofstream(x) << "old";
  std::string temp;
  {
    OutputFiles files;
    files.open(x, OutputFiles::Mode::kReplace) << "half";
    temp = files.temporary_of(x);
    EXPECT_TRUE(std::filesystem::exists(temp));
  }
  EXPECT_FALSE(std::filesystem::exists(temp));
  EXPECT_EQ(read(x), "old");
}

TEST_F(OutputFilesTest, AppendCutsTheTornTailAndStartsANewLine) {
  std::string d = path("x.ndjson");
  std::ofstream(d) << "{\"a\":1}\n{\"b\":2}{\"c\"";
  {
    OutputFiles files;
    files.open(d, OutputFiles::Mode::kAppend, 15) << "{\"d\":4}\n";  // up to {"b":2}
    files.close();
  }
  EXPECT_EQ(read(d), "{\"a\":1}\n{\"b\":2}\n{\"d\":4}\n");
}

TEST_F(OutputFilesTest, UnwritablePathIsAUsageError) {
  OutputFiles files;
  try {
    files.open(path("no/such/dir/x.xml"), OutputFiles::Mode::kTruncate);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    EXPECT_NE(std::string(e.what()).find("no/such/dir/x.xml"), std::string::npos);
  }
}

}  // namespace
}  // namespace sockscope::scan
