// Public. A read-only memory map of a whole file (zero-copy reading of captures). Owns
// the mapping; bytes() is valid for the object's lifetime. Throws usage_error naming
// the path when it cannot be opened.
#pragma once

#include <string>

#include "capture/byte_reader.h"

namespace sockscope::capture {

class MappedFile {
 public:
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  Bytes bytes() const { return {static_cast<const std::byte*>(data_), size_}; }
  // Drops the pages before `offset` from memory (they are re-read from the file if
  // touched again), so a sequential reader's footprint stays small on huge files.
  void release_before(std::size_t offset);

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace sockscope::capture
