#include "scan/output_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "core/error.h"

namespace sockscope::scan {

namespace {

[[noreturn]] void cannot(const std::string& what, const std::string& path, int err) {
  throw usage_error("cannot " + what + " output file '" + path + "': " + std::strerror(err));
}

// A path written through a temporary name or appended to: refused when it is a symlink
// (the rename would replace the link, the append would write wherever it points).
void refuse_symlink(const std::string& path, const char* why) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    throw usage_error("refusing output file '" + path + "': it is a symbolic link, and " + why +
                      "; give the real path");
  }
}

}  // namespace

OutputFiles::~OutputFiles() {
  for (auto& e : files_)
    if (!e->temp.empty()) ::unlink(e->temp.c_str());
}

std::ostream& OutputFiles::open(const std::string& path, Mode mode, std::size_t keep_bytes) {
  if (path == "-") return std::cout;
  auto e = std::make_unique<Entry>();
  e->path = path;
  int fd = -1;
  if (mode == Mode::kTruncate) {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) cannot("write", path, errno);
  } else if (mode == Mode::kAppend) {
    refuse_symlink(path, "a resumed run appends to it");
    fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) cannot("append to", path, errno);
    if (::ftruncate(fd, static_cast<off_t>(keep_bytes)) != 0) {
      int err = errno;
      ::close(fd);
      cannot("append to", path, err);
    }
    char last = '\n';  // killed between a result and its newline: start a new line
    if (keep_bytes > 0 && ::pread(fd, &last, 1, static_cast<off_t>(keep_bytes) - 1) == 1 &&
        last != '\n' && ::write(fd, "\n", 1) != 1) {
      int err = errno;
      ::close(fd);
      cannot("append to", path, err);
    }
  } else {
    refuse_symlink(path, "it would be replaced by a new file");
    std::string pattern = path + ".resume-part.XXXXXX";
    fd = ::mkostemp(pattern.data(), O_CLOEXEC);  // O_EXCL, mode 0600: never an existing file
    if (fd < 0) cannot("create a temporary file beside the", path, errno);
    e->temp = pattern;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) ::fchmod(fd, st.st_mode & 0777);  // as the file it replaces
  }
  e->buffer = std::make_unique<__gnu_cxx::stdio_filebuf<char>>(fd, std::ios::out, 64 * 1024);
  e->stream = std::make_unique<std::ostream>(e->buffer.get());
  files_.push_back(std::move(e));
  return *files_.back()->stream;
}

void OutputFiles::close() {
  for (auto& e : files_) {
    e->stream->flush();
    bool written = e->stream->good();
    bool closed = e->buffer->close() != nullptr;
    if (!written || !closed) cannot("write", e->temp.empty() ? e->path : e->temp, EIO);
    if (e->temp.empty()) continue;
    if (::rename(e->temp.c_str(), e->path.c_str()) != 0) cannot("replace", e->path, errno);
    e->temp.clear();
  }
}

std::string OutputFiles::temporary_of(const std::string& path) const {
  for (const auto& e : files_)
    if (e->path == path) return e->temp;
  return "";
}

}  // namespace sockscope::scan
