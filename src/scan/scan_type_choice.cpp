#include "scan/scan_type_choice.h"

#include "core/error.h"

namespace sockscope::scan {

std::vector<ScanType> choose_scan_types(const std::vector<std::string>& letters, bool raw_allowed) {
  bool udp = false, syn = false, connect = false;
  for (const auto& t : letters) {
    if (t.empty()) throw usage_error("bad scan type '-s': expected -sT, -sS or -sU");
    for (char c : t) {
      if (c == 'T')
        connect = true;
      else if (c == 'S')
        syn = true;
      else if (c == 'U')
        udp = true;
      else
        throw usage_error("bad scan type '-s" + t + "': expected -sT, -sS or -sU");
    }
  }
  if (syn && connect) throw usage_error("bad scan types '-sS -sT': choose one TCP scan type");
  // Like nmap: SYN by default when raw sockets are allowed (IPv4 and IPv6 targets alike).
  if (!syn && !connect && !udp) (raw_allowed ? syn : connect) = true;
  std::vector<ScanType> types;
  if (syn || connect) types.push_back(syn ? ScanType::kSyn : ScanType::kConnect);
  if (udp) types.push_back(ScanType::kUdp);
  return types;
}

}  // namespace sockscope::scan
