#include "net/vendor_names.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>

namespace sockscope::net {
namespace {

// Scans manuf for "XX:XX:XX<TAB>short[<TAB>long]". Only SNAP headers with an OUI other
// than the ethertype's ask, so a scan per distinct OUI costs less than building a table.
std::string scan_manuf(std::uint32_t oui) {
  std::ifstream in("/usr/share/wireshark/manuf");
  if (!in) return {};
  char prefix[10];
  std::snprintf(prefix, sizeof prefix, "%02X:%02X:%02X\t", (oui >> 16) & 0xffu, (oui >> 8) & 0xffu,
                oui & 0xffu);
  const std::string_view want(prefix, 9);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() <= want.size() || std::string_view(line).substr(0, 9) != want) continue;
    const std::string_view rest = std::string_view(line).substr(9);
    // short name, then the long one; a comment may follow it ("\t# 802.1 Committee")
    const std::size_t tab = rest.find('\t');
    std::string_view name = tab == std::string_view::npos ? rest : rest.substr(tab + 1);
    if (tab == std::string_view::npos || name.starts_with('#')) name = rest.substr(0, tab);
    return std::string(name.substr(0, name.find('\t')));
  }
  return {};
}

}  // namespace

std::string vendor_long_name(std::uint32_t oui) {
  static std::mutex lock;
  static std::map<std::uint32_t, std::string> known;
  const std::lock_guard<std::mutex> hold(lock);
  auto it = known.find(oui);
  if (it == known.end()) it = known.emplace(oui, scan_manuf(oui)).first;
  return it->second;
}

}  // namespace sockscope::net
