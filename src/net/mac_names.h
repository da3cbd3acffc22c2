// Public. Ethernet address names as Wireshark resolves them by default (tshark's "MAC
// address resolution", on unless -n/-N says otherwise): well-known addresses and vendor
// prefixes from Wireshark's own data files (/usr/share/wireshark/manuf and wka, installed
// with tshark), so we ship no copy of them. Without those files nothing is named.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sockscope::net {

class MacNames {
 public:
  MacNames();
  ~MacNames();
  MacNames(MacNames&&) noexcept;
  MacNames& operator=(MacNames&&) noexcept;

  // Parses manuf/wka text: "<address>[/<bits>]<TAB><short name>[<TAB>...]", address bytes
  // separated by ':' or '-'; a 3-byte address without bits is a /24 vendor prefix, a
  // 6-byte one a whole address. Lines that do not parse are skipped.
  void add(std::string_view text);
  // The same for text sorted as Wireshark's manuf is (net/manuf_index.h): each vendor
  // prefix's lines are parsed when a name first needs them, so the names are the same as
  // add()'s. A `read` of a small capture asks for a few names, and parsing manuf's 52,000
  // lines at the first one was 12 ms of its CPU time; now it costs the index, ~1 ms. Text
  // the index does not understand is parsed whole at once.
  void add_sorted(std::string text);
  // Wireshark's data files, loaded once (manuf through add_sorted); empty when they are
  // missing.
  static const MacNames& system();

  // "Broadcast" (a whole address), "IntelCor_12:34:56" (a vendor prefix and the last 3
  // bytes), or a range's name and the bytes its lookup left over, as Wireshark 4.0's
  // eth_addr_resolve finds them: the address cut to 47, 46, ... 24 bits, then the vendor
  // prefixes, then 23 ... 0 bits, each cut looked up among the ranges by its value alone
  // (so 02:3b:... is found as 02-20/16's "MS-NLB-PhysServer-32_1b:..." at 11 bits);
  // "" when nothing matches.
  // Safe from several threads (a lookup may parse lines of add_sorted's text).
  std::string name(const std::array<std::uint8_t, 6>& mac) const;
  // A 3-byte vendor prefix's long name ("Cisco Systems, Inc" where the short one is
  // "Cisco"; the short one when its line has none), as Wireshark 4.0's
  // uint_get_manuf_name_if_known finds it (SNAP's OUI in LLC's Info); "" when none.
  std::string vendor_long_name(std::uint32_t prefix) const;
  // No entry (for add_sorted's text: no line in a form its index reads).
  bool empty() const;

 private:
  struct Tables {
    std::unordered_map<std::uint64_t, std::string> whole;    // 48-bit addresses
    std::unordered_map<std::uint32_t, std::string> vendors;  // 3-byte prefixes without bits
    std::unordered_map<std::uint32_t, std::string> vendor_long_names;  // the same, long
    std::unordered_map<std::uint64_t, std::string> ranges;  // key: the masked 48-bit value
    void add(std::string_view text);
  };
  struct Deferred;  // add_sorted's text, parsed a prefix at a time (mac_names.cpp)

  void parse_deferred();  // the rest of add_sorted's text, before any later text

  // Mutable: a const lookup parses the deferred lines it needs, under Deferred's mutex.
  mutable Tables tables_;
  std::unique_ptr<Deferred> deferred_;
};

}  // namespace sockscope::net
