#include "capture/dissect/ethertype.h"

#include <algorithm>
#include <iterator>

namespace sockscope::capture {
namespace {

struct Entry {
  std::uint16_t type;
  bool dissected;
  const char* name;
};

constexpr Entry kTable[] = {
#include "capture/dissect/ethertype_table.inc"
};

}  // namespace

EthertypeInfo wireshark_ethertype(std::uint16_t type) {
  const Entry* e = std::lower_bound(std::begin(kTable), std::end(kTable), type,
                                    [](const Entry& x, std::uint16_t t) { return x.type < t; });
  if (e == std::end(kTable) || e->type != type) return {};
  return {e->dissected, e->name};
}

}  // namespace sockscope::capture
