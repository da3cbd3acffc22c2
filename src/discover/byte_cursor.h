// Internal to discover/. Bounds-checked big-endian reads over a reply: a read past the
// end yields zeros and marks the cursor bad, so a decoder checks good() once at the end
// of a step instead of before every field (tcpdump's printer style, without longjmp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sockscope::discover {

class ByteCursor {
 public:
  explicit ByteCursor(std::string_view data, std::size_t at = 0) : data_(data), at_(at) {
    if (at > data.size()) good_ = false;
  }
  std::uint8_t u8() { return take(1) ? static_cast<std::uint8_t>(data_[at_ - 1]) : 0; }
  std::uint16_t u16() {
    std::uint16_t hi = u8();
    return static_cast<std::uint16_t>(hi << 8 | u8());
  }
  std::uint32_t u32() {
    std::uint32_t hi = u16();
    return hi << 16 | u16();
  }
  std::string_view bytes(std::size_t n) {
    return take(n) ? data_.substr(at_ - n, n) : std::string_view{};
  }
  bool good() const { return good_; }
  std::size_t offset() const { return at_; }
  std::size_t remaining() const { return good_ ? data_.size() - at_ : 0; }
  std::string_view whole() const { return data_; }

 private:
  bool take(std::size_t n) {
    if (!good_ || n > data_.size() - at_) {
      good_ = false;
      return false;
    }
    at_ += n;
    return true;
  }
  std::string_view data_;
  std::size_t at_;
  bool good_ = true;
};

}  // namespace sockscope::discover
