// Public. The bytes of a capture file, a pipe or standard input ("-"), read in large
// blocks with read(2). Not a memory map: a file that another program truncates while it
// is read ends early (and says so through shrank()) instead of raising SIGBUS, and a pipe
// (`tcpdump -w - | sockscope read -`, `read <(...)`) is read as it arrives. Owns the
// descriptor. Throws usage_error naming the path when it cannot be opened.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace sockscope::capture {

class FileSource {
 public:
  explicit FileSource(const std::string& path);  // "-": standard input
  ~FileSource();
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  // Up to `n` bytes into `buf`; 0 at the end. Throws usage_error on a read error.
  std::size_t read(std::byte* buf, std::size_t n);
  const std::string& name() const { return name_; }
  // After read() returned 0: for a regular file, a description of how it shrank below
  // its size at open (another program truncated it); empty when it did not.
  std::string shrank() const;
  // Runs before read() would block on a pipe: the moment to flush what was printed, so
  // `tcpdump -w - | sockscope read -` shows each packet as it comes.
  void on_wait(std::function<void()> hook) { on_wait_ = std::move(hook); }

 private:
  int fd_ = -1;
  bool regular_ = false;
  std::string name_;
  std::uint64_t size_at_open_ = 0;
  std::uint64_t consumed_ = 0;
  std::function<void()> on_wait_;
};

}  // namespace sockscope::capture
