// Internal to capture/filter/. The `matches` operator's regular expressions: PCRE2, as
// Wireshark uses, case-insensitive by default like Wireshark 4 (`(?-i)` turns that off),
// over raw bytes. Matching is bounded: a pattern that would backtrack for ever (`(.*)*$`
// on a long payload) hits PCRE2's match and depth limits and counts as no match, and the
// filter remembers that it happened so the caller can say so once.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "capture/byte_reader.h"

namespace sockscope::capture::filter {

class Regex {
 public:
  // Throws FilterError (at `pos`) when the pattern does not compile.
  Regex(const std::string& pattern, std::size_t pos);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // False on no match and when a limit was hit (then limit_hit() turns true).
  bool search(Bytes subject) const;
  bool limit_hit() const { return limit_hit_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  mutable bool limit_hit_ = false;
};

}  // namespace sockscope::capture::filter
