#include "capture/file_source.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace sockscope::capture {

FileSource::FileSource(const std::string& path) : name_(path) {
  if (path == "-") {
    fd_ = ::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0);
    name_ = "standard input";
  } else {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  }
  if (fd_ < 0) throw usage_error("cannot open '" + path + "': " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    throw usage_error("cannot read '" + path + "': a directory, not a capture file");
  }
  regular_ = S_ISREG(st.st_mode);
  if (regular_) {
    // What is left to read: standard input may be a file already partly consumed.
    off_t at = ::lseek(fd_, 0, SEEK_CUR);
    size_at_open_ = static_cast<std::uint64_t>(st.st_size - (at > 0 ? at : 0));
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t FileSource::read(std::byte* buf, std::size_t n) {
  if (!regular_ && on_wait_) {
    pollfd pfd{fd_, POLLIN, 0};
    if (::poll(&pfd, 1, 0) == 0) on_wait_();
  }
  while (true) {
    ssize_t got = ::read(fd_, buf, n);
    if (got >= 0) {
      consumed_ += static_cast<std::uint64_t>(got);
      return static_cast<std::size_t>(got);
    }
    if (errno != EINTR) throw usage_error("cannot read '" + name_ + "': " + std::strerror(errno));
  }
}

std::string FileSource::shrank() const {
  if (!regular_ || consumed_ >= size_at_open_) return {};
  struct stat st {};
  std::string now = ::fstat(fd_, &st) == 0 ? std::to_string(st.st_size) : "fewer";
  return "the file shrank while it was read (" + std::to_string(size_at_open_) +
         " bytes when opened, " + now + " now): another program truncated it";
}

}  // namespace sockscope::capture
