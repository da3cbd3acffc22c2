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

  // "Broadcast" (a whole address), "IntelCor_12:34:56" (a vendor prefix and the last 3
  // bytes), or a range's name and the bytes its lookup left over, as Wireshark 4.0's
  // eth_addr_resolve finds them: the address cut to 47, 46, ... 24 bits, then the vendor
  // prefixes, then 23 ... 0 bits, each cut looked up among the ranges by its value alone
  // (so 02:3b:... is found as 02-20/16's "MS-NLB-PhysServer-32_1b:..." at 11 bits);
  // "" when nothing matches.
  std::string name(const std::array<std::uint8_t, 6>& mac) const;
  bool empty() const { return whole_.empty() && vendors_.empty() && ranges_.empty(); }

 private:
  std::unordered_map<std::uint64_t, std::string> whole_;    // 48-bit addresses
  std::unordered_map<std::uint32_t, std::string> vendors_;  // 3-byte prefixes without bits
  std::unordered_map<std::uint64_t, std::string> ranges_;   // key: the masked 48-bit value
};

}  // namespace sockscope::net
