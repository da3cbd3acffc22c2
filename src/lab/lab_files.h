// Public. Where the lab keeps its files (the capture, the scan's JSON and CSV, the
// activity log): one private directory made by mkdtemp (mode 0700) under $TMPDIR or
// /tmp. The lab often runs as root, and a predictable name in a shared /tmp lets anyone
// plant a symlink there and have root overwrite the file it points to; inside a fresh
// 0700 directory nobody else can create, replace or read anything. Each file is created
// new (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600) before a writer opens it by name.
// The destructor removes the files and the directory unless keep() was called.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sockscope::lab {

class LabFiles {
 public:
  // Makes PARENT/sockscope-lab-XXXXXX; PARENT defaults to $TMPDIR, else /tmp. Throws
  // sockscope::Error naming the parent when it cannot.
  explicit LabFiles(const std::string& parent = default_parent());
  ~LabFiles();
  LabFiles(const LabFiles&) = delete;
  LabFiles& operator=(const LabFiles&) = delete;

  const std::string& dir() const { return dir_; }
  // Creates DIR/NAME, empty, mode 0600, and returns its path; throws sockscope::Error
  // when it exists already or cannot be made. NAME is a plain file name.
  std::string create(std::string_view name);
  // Leave the directory in place at the end (sockscope lab --keep).
  void keep() { keep_ = true; }
  bool kept() const { return keep_; }

  static std::string default_parent();

 private:
  std::string dir_;
  std::vector<std::string> names_;  // what create() made, removed by the destructor
  bool keep_ = false;
};

// The whole content of the file at PATH ("" when it cannot be read).
std::string read_file(const std::string& path);

}  // namespace sockscope::lab
