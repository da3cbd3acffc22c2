#include "lab/lab_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include "core/error.h"
#include "core/text.h"
#include "net/fd.h"

namespace sockscope::lab {

std::string LabFiles::default_parent() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

LabFiles::LabFiles(const std::string& parent) {
  std::string pattern = parent + "/sockscope-lab-XXXXXX";
  // mkdtemp creates the directory with mode 0700 and fails rather than reuse a name.
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw Error(ExitCode::kUsage, "cannot make a private directory for the lab's files in '" +
                                      escape_nonprintable(parent) + "': " + std::strerror(errno));
  }
  dir_ = std::move(pattern);
}

std::string LabFiles::create(std::string_view name) {
  std::string path = dir_ + "/" + std::string(name);
  net::UniqueFd fd(
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd) {
    throw Error(ExitCode::kInternal,
                "cannot create '" + escape_nonprintable(path) + "': " + std::strerror(errno));
  }
  names_.push_back(path);
  return path;
}

LabFiles::~LabFiles() {
  if (keep_) return;
  for (const auto& path : names_) ::unlink(path.c_str());
  ::rmdir(dir_.c_str());
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace sockscope::lab
