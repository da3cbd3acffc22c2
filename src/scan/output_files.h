// Public. Opening a scan's output files, three ways:
//  - truncate: a new document (follows a symlink, as nmap does: -oX /dev/stdout works);
//  - append: the -oD NDJSON file a resumed run goes on with, its torn tail cut first;
//  - replace: a document that is also the --resume file is written under a temporary
//    name beside it and renamed over it at the end, so a kill -9 of the resumed run
//    leaves the earlier file whole.
// Files written through a temporary name, and the appended file, are never reached
// through a symlink: the path itself must not be one (refused, exit 2), and the
// temporary file is created afresh (mkstemp: O_EXCL, mode 0600, then the earlier file's
// mode) in the same directory, so a planted link or file cannot redirect the writes.
#pragma once

#include <cstddef>
#include <ext/stdio_filebuf.h>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace sockscope::scan {

class OutputFiles {
 public:
  enum class Mode { kTruncate, kAppend, kReplace };

  OutputFiles() = default;
  OutputFiles(const OutputFiles&) = delete;
  OutputFiles& operator=(const OutputFiles&) = delete;
  // A temporary file not yet renamed (an error before close()) is removed.
  ~OutputFiles();

  // "-" is stdout. kAppend keeps the first `keep_bytes` bytes and starts a new line when
  // they do not end in one. Throws usage_error naming the path when it cannot be opened.
  std::ostream& open(const std::string& path, Mode mode, std::size_t keep_bytes = 0);

  // After every writer's end(): flushes and closes each file, and moves replacements
  // into place. Throws usage_error naming the file when a write or the rename failed.
  void close();

  // The temporary name a replacement is being written under ("" if none): for tests.
  std::string temporary_of(const std::string& path) const;

 private:
  struct Entry {
    std::string path, temp;
    std::unique_ptr<__gnu_cxx::stdio_filebuf<char>> buffer;  // owns the descriptor
    std::unique_ptr<std::ostream> stream;
  };
  std::vector<std::unique_ptr<Entry>> files_;
};

}  // namespace sockscope::scan
