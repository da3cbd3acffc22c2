// Public. Bytes a connection has to send that the kernel has not taken yet. Sent bytes
// are dropped by moving an offset, so a partial send costs no memmove; the front is
// compacted only once it is at least half the buffer (amortised O(1) per byte), and an
// emptied queue gives its memory back so idle connections stay small.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sockscope::net {

class OutputQueue {
 public:
  bool empty() const { return begin_ == data_.size(); }
  std::size_t size() const { return data_.size() - begin_; }
  const char* data() const { return data_.data() + begin_; }
  void append(std::string_view bytes) {
    // A broadcast appends many small frames per round: start with room for a few, so the
    // buffer is not reallocated (and copied) at every doubling from 100 bytes up.
    if (data_.empty() && bytes.size() < kFirstRoom) data_.reserve(kFirstRoom);
    if (begin_ > 0 && begin_ >= data_.size() / 2) {
      data_.erase(0, begin_);
      begin_ = 0;
    }
    data_.append(bytes);
  }
  void consume(std::size_t n) {
    begin_ += n;
    if (begin_ >= data_.size()) clear();
  }
  void clear() {
    std::string().swap(data_);
    begin_ = 0;
  }

 private:
  static constexpr std::size_t kFirstRoom = 2048;
  std::string data_;
  std::size_t begin_ = 0;
};

}  // namespace sockscope::net
