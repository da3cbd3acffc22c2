// Public. The one way dissectors read packet bytes: a bounds-checked cursor over a
// std::span<const std::byte> it does not own. A read past the end never touches memory;
// it marks the reader as short (ok() turns false) and yields 0, so a dissector can read a
// whole header, then check ok() once and report "truncated" (as opposed to "invalid",
// which is a value the dissector rejects).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace sockscope::capture {

using Bytes = std::span<const std::byte>;

class ByteReader {
 public:
  explicit ByteReader(Bytes bytes) : bytes_(bytes) {}

  bool ok() const { return ok_; }
  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return pos_ <= bytes_.size() ? bytes_.size() - pos_ : 0; }
  bool has(std::size_t n) const { return n <= remaining(); }

  std::uint8_t u8() {
    if (!has(1)) return fail<std::uint8_t>();
    return static_cast<std::uint8_t>(bytes_[pos_++]);
  }
  std::uint16_t u16() {  // network (big-endian) order
    if (!has(2)) return fail<std::uint16_t>();
    auto v = static_cast<std::uint16_t>((at(0) << 8) | at(1));
    pos_ += 2;
    return v;
  }
  std::uint16_t u16le() {
    if (!has(2)) return fail<std::uint16_t>();
    auto v = static_cast<std::uint16_t>((at(1) << 8) | at(0));
    pos_ += 2;
    return v;
  }
  std::uint32_t u32() {
    if (!has(4)) return fail<std::uint32_t>();
    std::uint32_t v = (std::uint32_t{at(0)} << 24) | (std::uint32_t{at(1)} << 16) |
                      (std::uint32_t{at(2)} << 8) | std::uint32_t{at(3)};
    pos_ += 4;
    return v;
  }
  std::uint32_t u32le() {
    if (!has(4)) return fail<std::uint32_t>();
    std::uint32_t v = (std::uint32_t{at(3)} << 24) | (std::uint32_t{at(2)} << 16) |
                      (std::uint32_t{at(1)} << 8) | std::uint32_t{at(0)};
    pos_ += 4;
    return v;
  }
  // n bytes as a view; an empty span (and ok() == false) when fewer remain.
  Bytes take(std::size_t n) {
    if (!has(n)) return fail<Bytes>();
    Bytes out = bytes_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  void skip(std::size_t n) {
    if (!has(n)) {
      fail<int>();
      return;
    }
    pos_ += n;
  }
  // Copies n bytes into out (n <= out.size()); zero-fills when short.
  void copy(std::byte* out, std::size_t n) {
    if (!has(n)) {
      for (std::size_t i = 0; i < n; ++i) out[i] = std::byte{0};
      fail<int>();
      return;
    }
    for (std::size_t i = 0; i < n; ++i) out[i] = bytes_[pos_ + i];
    pos_ += n;
  }
  Bytes rest() const { return pos_ <= bytes_.size() ? bytes_.subspan(pos_) : Bytes{}; }

 private:
  unsigned at(std::size_t i) const { return static_cast<unsigned>(bytes_[pos_ + i]); }
  template <typename T>
  T fail() {
    ok_ = false;
    pos_ = bytes_.size();
    return T{};
  }

  Bytes bytes_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace sockscope::capture
