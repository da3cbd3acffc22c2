#include "scan/route_sources.h"

#include "net/socket_ops.h"

namespace sockscope::scan {

std::optional<net::IpAddress> RouteSources::source_for(const net::IpAddress& dst) {
  if (have_last_ && dst == last_dst_) return last_src_;
  auto it = sources_.find(dst);
  if (it == sources_.end()) {
    if (sources_.size() >= kMaxEntries) sources_.clear();
    net::IpAddress src;
    src.family = AF_UNSPEC;
    std::optional<net::Endpoint> local = net::route_source(dst.endpoint(9));
    if (local && local->family() == dst.family) src = net::IpAddress::from_endpoint(*local);
    it = sources_.emplace(dst, src).first;
  }
  last_dst_ = dst;
  last_src_ =
      it->second.family == AF_UNSPEC ? std::nullopt : std::optional<net::IpAddress>(it->second);
  have_last_ = true;
  return last_src_;
}

}  // namespace sockscope::scan
