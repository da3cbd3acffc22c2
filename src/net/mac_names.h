// Public. Ethernet address names as Wireshark resolves them by default (tshark's "MAC
// address resolution", on unless -n/-N says otherwise): well-known addresses and vendor
// prefixes from Wireshark's own data files (/usr/share/wireshark/manuf and wka, installed
// with tshark), so we ship no copy of them. Without those files nothing is named.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sockscope::net {

class MacNames {
 public:
  // Parses manuf/wka text: "<address>[/<bits>]<TAB><short name>[<TAB>...]", address bytes
  // separated by ':' or '-'; a 3-byte address without bits is a /24 vendor prefix, a
  // 6-byte one a whole address. Lines that do not parse are skipped.
  void add(std::string_view text);
  // Wireshark's data files, loaded once; empty when they are missing.
  static const MacNames& system();

  // "IntelCor_12:34:56" (a /24 prefix and the address's last 3 bytes), "Broadcast" (a
  // whole address), "ShinkoTe_01:23:45" (a longer or shorter prefix and the bytes after
  // it, leading zero bytes dropped), the longest prefix winning; "" when none matches.
  std::string name(const std::array<std::uint8_t, 6>& mac) const;
  bool empty() const { return names_.empty(); }

 private:
  std::unordered_map<std::uint64_t, std::string> names_;  // key: bits << 48 | prefix
  std::vector<int> bits_;                                 // prefix lengths, longest first
};

}  // namespace sockscope::net
