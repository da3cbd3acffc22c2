// Public. Wireshark display filters (-Y) over dissected packets: a small lexer
// (filter/lexer), a recursive-descent parser into an expression tree, and an evaluator.
// Supports the fields in filter/fields.cpp, protocol names as bare words, == != < <= >
// >= (and eq ne lt le gt ge), contains, matches, in {..}, and/or/not (&& || !),
// parentheses and CIDR. A compiled filter is immutable and cheap to evaluate.
#pragma once

#include <memory>
#include <string>

#include "capture/packet.h"

namespace sockscope::capture {

namespace filter {
struct Node;
}

class DisplayFilter {
 public:
  // An empty text matches everything. A bad filter throws usage_error whose message is
  // the reason, then the filter, then a caret under the fault.
  static DisplayFilter compile(const std::string& text);
  DisplayFilter();
  ~DisplayFilter();
  DisplayFilter(DisplayFilter&&) noexcept;
  DisplayFilter& operator=(DisplayFilter&&) noexcept;

  bool matches(const Packet& p) const;
  bool empty() const { return root_ == nullptr; }

 private:
  std::unique_ptr<filter::Node> root_;
};

}  // namespace sockscope::capture
