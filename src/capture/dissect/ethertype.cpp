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

namespace {

constexpr EthertypeInfo lookup(std::uint16_t type) {
  const Entry* e = std::lower_bound(std::begin(kTable), std::end(kTable), type,
                                    [](const Entry& x, std::uint16_t t) { return x.type < t; });
  if (e == std::end(kTable) || e->type != type) return {};
  return {e->dissected, e->name};
}

}  // namespace

EthertypeInfo wireshark_ethertype(std::uint16_t type) {
  // (IPv4 and IPv6 without the search: nearly every frame, and the summary asks per line)
  static constexpr EthertypeInfo kIpv4 = lookup(0x0800), kIpv6 = lookup(0x86dd);
  if (type == 0x0800) return kIpv4;
  if (type == 0x86dd) return kIpv6;
  return lookup(type);
}

}  // namespace sockscope::capture
