#include "scan/route_sources.h"

#include "net/socket_ops.h"

namespace sockscope::scan {

std::optional<IpAddress> RouteSources::source_for(const IpAddress& dst) {
  auto it = sources_.find(dst);
  if (it == sources_.end()) {
    if (sources_.size() >= kMaxEntries) sources_.clear();
    IpAddress src;
    src.family = AF_UNSPEC;
    std::optional<net::Endpoint> local = net::route_source(dst.endpoint(9));
    if (local && local->family() == dst.family) src = IpAddress::from_endpoint(*local);
    it = sources_.emplace(dst, src).first;
  }
  if (it->second.family == AF_UNSPEC) return std::nullopt;
  return it->second;
}

}  // namespace sockscope::scan
