// Internal to cli/. Buffered stdout for commands that print a line per packet: text is
// appended to one reused string and written with a single fwrite once it passes 1 MiB.
#pragma once

#include <cstdio>
#include <string>

namespace sockscope::cli {

class OutputBuffer {
 public:
  explicit OutputBuffer(std::FILE* stream) : stream_(stream) { text_.reserve(kLimit + 65536); }
  ~OutputBuffer() { flush(); }
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;

  std::string& text() { return text_; }
  void maybe_flush() {
    if (text_.size() >= kLimit) flush();
  }
  void flush() {
    if (!text_.empty()) std::fwrite(text_.data(), 1, text_.size(), stream_);
    text_.clear();
    std::fflush(stream_);
  }

 private:
  static constexpr std::size_t kLimit = 1 << 20;
  std::FILE* stream_;
  std::string text_;
};

}  // namespace sockscope::cli
