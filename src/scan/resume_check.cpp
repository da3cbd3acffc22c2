#include "scan/resume_check.h"

#include <unordered_map>
#include <vector>

#include "core/error.h"

namespace sockscope::scan {

void check_resume_fits(const ResumeFile& file, const ScanOptions& options) {
  auto type_names = [](const std::vector<ScanType>& types) {
    std::string s;
    for (ScanType t : types) {
      if (!s.empty()) s += '+';
      s += scan_type_name(t);
    }
    return s;
  };
  if (!file.types.empty() && file.types != options.types) {
    throw usage_error("resume file '" + file.path + "' is from a different scan: its scan type " +
                      type_names(file.types) + " is not this scan's " + type_names(options.types));
  }
  // Position of each port in each protocol's list (-1: not scanned), for the shard rule.
  std::vector<int> tcp_pos(65536, -1), udp_pos(65536, -1);
  bool scans_tcp = false, scans_udp = false;
  for (ScanType t : options.types) (t == ScanType::kUdp ? scans_udp : scans_tcp) = true;
  if (scans_tcp)
    for (std::size_t i = 0; i < options.ports.tcp.size(); ++i)
      tcp_pos[options.ports.tcp[i]] = static_cast<int>(i);
  if (scans_udp)
    for (std::size_t i = 0; i < options.ports.udp.size(); ++i)
      udp_pos[options.ports.udp[i]] = static_cast<int>(i);
  // Shards are index % count over target x port: the target's index is needed.
  std::unordered_map<net::IpAddress, std::uint64_t, net::IpAddressHash> target_index;
  bool sharded = options.shard_count > 1 && options.targets.size() <= (1u << 22);
  if (sharded) {
    for (std::uint64_t i = options.targets.size(); i-- > 0;)
      target_index[options.targets.at(i).address] = i;
  }
  file.results.for_each([&](const PortResult& r) {
    bool udp = r.proto == net::Transport::kUdp;
    int pos = (udp ? udp_pos : tcp_pos)[r.port];
    bool fits = pos >= 0 && options.targets.contains(r.target.address) &&
                !(!options.exclude.empty() && options.exclude.contains(r.target.address));
    if (fits && sharded) {
      auto it = target_index.find(r.target.address);
      std::size_t nports = (udp ? options.ports.udp : options.ports.tcp).size();
      fits = it != target_index.end() &&
             (it->second * nports + static_cast<std::uint64_t>(pos)) % options.shard_count ==
                 options.shard_index;
    }
    if (!fits) {
      throw usage_error("resume file '" + file.path + "' is from a different scan: " +
                        r.target.address.to_string() + " " + std::to_string(r.port) + "/" +
                        proto_name(r.proto) + " is not among this scan's targets, ports and shard");
    }
  });
}

}  // namespace sockscope::scan
