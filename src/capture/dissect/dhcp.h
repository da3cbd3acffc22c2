// Public. DHCP/BOOTP (RFC 2131/2132) over UDP ports 67 and 68, read from the UDP payload
// on demand, as Wireshark 4.0's packet-dhcp.c shows it: the summary line, the Protocol
// column ("DHCP" with a message type option, "BOOTP" without) and the fields display
// filters use. Every read is bounds-checked; a truncated option ends the walk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "capture/byte_reader.h"

namespace sockscope::capture {

// The fixed header's offsets and the magic cookie.
inline constexpr std::size_t kDhcpFixedLen = 236;  // op .. file
inline constexpr std::size_t kDhcpCookieAt = 236;
inline constexpr std::uint32_t kDhcpCookie = 0x63825363;

struct DhcpScan {
  // Wireshark sets the Info column from op, htype/hlen and chaddr first; a message too
  // short for that shows only "[Malformed Packet]" and has no dhcp fields at all.
  bool header_read = false;
  bool cookie = false;         // the magic cookie at offset 236
  std::size_t options_at = 0;  // 240 after a cookie, 300 (after the BOOTP vendor area) without
  int message_type = -1;       // option 53's value (the last one before End), -1 without
  int overload = 0;            // option 52's value (the last one), 0 without
  bool vendor_class = false;   // an option 60 (Vendor class identifier) was seen
  Bytes vendor_class_id;       // the last one's value
  bool vendor_info = false;    // an option 43 (Vendor-Specific Information) was seen
  bool type_cut = false;       // a zero-length option 53 ending the message: Wireshark's first
                               // pass throws, and the packet gets no dhcp fields but `dhcp`
  bool malformed = false;      // Wireshark appends "[Malformed Packet]"
  // A byte Wireshark needed was not captured (snap length): the summary then ends with
  // "[Packet size limited during capture]" (summary.cpp adds it), not Malformed.
  bool capture_cut = false;
  // The first pass itself ran into the snap length: no message type, no dhcp field.
  bool first_pass_cut = false;
  // Whether the dhcp.* fields exist (`dhcp` itself only needs header_read).
  bool has_fields() const { return header_read && !type_cut && !first_pass_cut; }
};
// `message` is what was captured of the UDP payload, `reported` its length on the wire
// (the UDP length - 8); no byte past the captured ones is ever read.
DhcpScan dhcp_scan(Bytes message, std::size_t reported);

// The DHCP layers Wireshark lists in frame.protocols: 1, or 2 when a vendor's option 43
// dissector (PXEClient, Aruba, Alcatel-Lucent here: dhcp_vendor43) adds its own; 0 when the message
// is too short for the dissector. `exact` is false where a vendor class may select a vendor
// dissector that is not modelled here.
int dhcp_layers(Bytes message, std::size_t reported, bool& exact);

// Which option 43 dissector the vendor class (option 60) picks, among those modelled (by
// its prefix, as Wireshark's heuristics): none (plain bytes), PXEClient, Aruba's controller
// address ("ArubaAP"), Aruba Instant ("ArubaInstantAP"), Alcatel-Lucent ("alcatel.");
// kOther: a class that may pick a dissector not modelled here.
enum class DhcpVendor43 : std::uint8_t { kNone, kPxe, kArubaAp, kArubaIap, kAlu, kOther };
DhcpVendor43 dhcp_vendor43(const DhcpScan& s);
// The name tshark appends to "Option: (43) Vendor-Specific Information", or nullptr.
const char* dhcp_vendor43_name(DhcpVendor43 v);

// "DHCP" or "BOOTP", for the Protocol column.
const char* dhcp_protocol(Bytes message, std::size_t reported);
// Wireshark's Info column: "DHCP Discover - Transaction ID 0x1a2b", "Boot Request from
// 02:00:00:00:00:01 (02:00:00:00:00:01)", "Boot Reply"; "[Malformed Packet]" follows
// what could not be read.
std::string dhcp_summary(Bytes message, std::size_t reported);
// The -V block: tshark's tree of the fixed fields and the options (their values for the
// basic option types, other values as hex), with its expert items (a length that is not
// the option's, End missing, overloaded fields, little-endian seconds, no client address)
// and the "[Malformed Packet: DHCP/BOOTP]" item; vendor sub-options are not broken down.
// `quoted`: the message is quoted in an ICMP error, where tshark shows no exception item.
std::string dhcp_detail(Bytes message, std::size_t reported, bool quoted = false);
// Wireshark 4.0's dhcp_opt table, the one list of DHCP options: each option's name (as
// "Option: (N) Name" shows it) and, for the options Wireshark dissects with a basic
// type, that type. The -V tree (dhcp.cpp) and the display-filter fields
// (filter/dhcp_fields.cpp) both read it. kOther: an option with its own dissector, or
// opaque bytes.
enum class DhcpOptKind : std::uint8_t {
  kOther,
  kIp,       // one IPv4 address (4 bytes)
  kIpList,   // IPv4 addresses (a multiple of 4 bytes)
  kStr,      // text up to the first NUL
  kBool,     // one byte, any non-zero value is true
  kU8,       // one byte
  kU16,      // two bytes
  kU16List,  // two-byte items
  kU32,      // four bytes, shown as seconds
  kI32,      // four bytes, signed (Time Offset)
};
struct DhcpOptInfo {
  const char* name;
  DhcpOptKind kind;
};
// Every code 0..255 has an entry (0 Padding, 255 End, "Unassigned", "Private", ...).
const DhcpOptInfo& dhcp_option_info(std::uint8_t code);

// Message type option 53's name as Wireshark writes it ("Discover", "ACK", ...), or
// "Unknown Message Type (0x%02x)".
std::string dhcp_type_name(int type);

// One option as Wireshark's tree walk (its second pass) sees it: a run of Pad options is
// one option of type 0; End is an option of type 0 too (dhcp.option.type shows 0 for it
// in 4.0), with `end` set.
struct DhcpOption {
  std::uint8_t code = 0;
  bool pad = false, end = false;
  bool has_length = false;
  std::uint8_t length = 0;
  Bytes value;  // the whole value (only when it lies inside the message); a Pad run's bytes
};

// Option 81 (Client FQDN) with the E flag holds a DNS wire-format name: how it reads.
// kThrows: a label runs past the option or is of an unknown type, and Wireshark's
// dissection stops there ("[Malformed Packet]"); kPlain: only ordinary labels and a
// terminating zero (`name` gets them dotted); kOther: a compression pointer, the root.
enum class FqdnName { kNone, kPlain, kOther, kThrows };
FqdnName dhcp_fqdn_name(Bytes value, std::string* name = nullptr);

// The options an option 52 (Overload) puts in the sname (44..108) or file (108..236)
// field, as Wireshark walks them: from `from` up to `to` or End (`end` tells whether End
// came); an option may run past `to` but not past the message.
std::vector<DhcpOption> dhcp_area_options(Bytes message, std::size_t from, std::size_t to,
                                          bool* end = nullptr);

// Walks the options from DhcpScan::options_at; next() is false at the end of the message,
// after End, or at an option cut short (cut() is then true).
class DhcpOptions {
 public:
  DhcpOptions(Bytes message, std::size_t reported);
  bool next(DhcpOption& out);
  bool cut() const { return cut_; }
  // Cut by the snap length rather than by the message's own end.
  bool capture_cut() const { return capture_cut_; }

 private:
  Bytes message_;
  std::size_t reported_, pos_;
  bool done_ = false, cut_ = false, capture_cut_ = false;
};

}  // namespace sockscope::capture
