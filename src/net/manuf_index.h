// Wireshark's manuf file cut into each vendor prefix's lines without parsing them: the file
// is sorted by address, so the lines a lookup needs are one stretch of the text, found by
// binary search. net/mac_names parses a prefix's stretch when a name first needs it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope::net {

class ManufIndex {
 public:
  // Indexes `text` in one pass over its lines (~1 ms for manuf's 2.3 MB).
  explicit ManufIndex(std::string text);

  // False when a line is in neither of the forms the index understands or is out of
  // order: lines() then finds nothing, and the caller parses text() whole. Understood:
  // empty lines, '#' comments, and "HH:HH:HH[:HH:HH:HH][/<bits>]<TAB>..." in upper-case
  // hex with bits 24..48, in ascending order of their first three bytes. Every entry of
  // such a line (as MacNames reads it) has a key whose first three bytes are the line's:
  // that is what makes a prefix's stretch hold all the entries with its keys.
  bool sorted() const { return sorted_; }
  // The lines whose address starts with the three bytes `prefix` (comments may sit among
  // them); empty when there are none.
  std::string_view lines(std::uint32_t prefix) const;
  // Every line, in the file's order.
  std::string_view text() const { return text_; }
  bool empty() const { return starts_.empty(); }

 private:
  struct Start {
    std::uint32_t prefix;
    std::uint32_t offset;  // of the prefix's first line; its stretch ends at the next's
  };
  std::string text_;
  std::vector<Start> starts_;  // ascending prefixes; none unless sorted_
  bool sorted_ = false;
};

}  // namespace sockscope::net
