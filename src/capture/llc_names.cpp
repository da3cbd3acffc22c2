#include "capture/llc_names.h"

#include <algorithm>
#include <iterator>

#include "capture/text_out.h"
#include "net/mac_names.h"

namespace sockscope::capture {
namespace {

struct SapName {
  std::uint8_t sap;
  const char* name;
};

// Wireshark 4.0's sap_vals, as its Info column prints them (measured: every SSAP).
constexpr SapName kSapNames[] = {
    {0x00, "NULL LSAP"},
    {0x02, "LLC Sub-Layer Management"},
    {0x04, "SNA Path Control"},
    {0x06, "TCP/IP"},
    {0x08, "SNA"},
    {0x0c, "SNA"},
    {0x0e, "PROWAY (IEC955) Network Management and Initialization"},
    {0x10, "NetWare (unofficial?)"},
    {0x14, "ISO Network Layer (OSLAN 1)"},
    {0x18, "Texas Instruments"},
    {0x20, "ISO Network Layer (unofficial?)"},
    {0x34, "ISO Network Layer (unofficial?)"},
    {0x42, "Spanning Tree BPDU"},
    {0x4e, "EIA RS-511 Manufacturing Message Service"},
    {0x54, "ISO Network Layer (OSLAN 2)"},
    {0x7e, "ISO 8208 (X.25 over 802.2)"},
    {0x80, "XNS"},
    {0x82, "BACnet"},
    {0x86, "Nestar"},
    {0x8e, "PROWAY (IEC955) Active Station List Maintenance"},
    {0x98, "ARP"},
    {0xaa, "SNAP"},
    {0xb4, "HP JetDirect Printer"},
    {0xba, "Banyan Vines"},
    {0xbc, "Banyan Vines"},
    {0xe0, "NetWare"},
    {0xf0, "NetBIOS"},
    {0xf4, "IBM Net Management"},
    {0xf8, "HP Extended LLC"},
    {0xfa, "Ungermann-Bass"},
    {0xfc, "Remote Program Load"},
    {0xfe, "ISO Network Layer"},
};

// The llc.dsap dissector table of tshark 4.0 (-G decodes), without IP and STP.
constexpr std::uint8_t kDissectedDsaps[] = {0x04, 0x08, 0x0c, 0x10, 0x14, 0x20, 0x34,
                                            0x40, 0x54, 0x7e, 0x80, 0x82, 0xbc, 0xc8,
                                            0xe0, 0xf0, 0xf8, 0xfc, 0xfe};

struct OuiTable {
  std::uint32_t oui;
  std::initializer_list<std::uint16_t> pids;  // the IDs its table hands to a dissector
};

// OUIs with a protocol ID table of their own (llc.cisco_pid, llc.nortel_pid, ...;
// measured: no llc.pid on these) and the IDs of each that tshark 4.0 dissects.
const OuiTable kRegisteredOuis[] = {
    {0x00000c,
     {0x0104, 0x0108, 0x0109, 0x010b, 0x010c, 0x0111, 0x0139, 0x2000, 0x2001, 0x2003, 0x2004}},
    {0x00005e, {0x0003}},
    {0x000081, {0x01a1, 0x01a2}},
    {0x0001e8, {0x0111}},
    {0x004096, {0x0000}},
    {0x0017f2, {0x0800}},
    {0x001958, {0x0001, 0x0003}},
    {0x00e02b, {0x00bb}},
    {0x00e052, {0x2000}},
    {0x080007, {0x809b}},
    {0x506f9a, {0x1500}},
};

// IEEE 802.1's bridged frames (RFC 2684): 802.3, 802.4, 802.5, FDDI and 802.6 with and
// without FCS, and BPDUs.
constexpr std::uint16_t kBridgedPids[] = {1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 14};

void append_sap(std::string& out, std::uint8_t sap) {
  if (const char* name = llc_sap_name(sap)) {
    out.append(name);
  } else {
    out.append("0x");
    append_hex(out, sap & 0xfeu, 2);
  }
}

}  // namespace

void append_llc_control(std::string& out, const LlcInfo& llc) {
  const std::uint16_t c = llc.control;
  const bool poll_final = llc.u_frame() ? (c & 0x10u) != 0 : (c & 0x100u) != 0;
  // (an I frame's bit is always P, command or response, as Wireshark's xdlc code has it)
  const char* pf = !poll_final ? "" : llc.response() && (c & 1u) != 0 ? " F" : " P";
  if ((c & 1u) == 0) {
    out.append("I");
    out.append(pf);
    out.append(", N(R)=" + std::to_string(c >> 9) + ", N(S)=" + std::to_string((c >> 1) & 0x7fu));
  } else if (!llc.u_frame()) {
    out.append("S");
    out.append(pf);
    out.append(", func=");
    out.append(llc_s_frame_name(c));
    out.append(", N(R)=" + std::to_string(c >> 9));
  } else {
    out.append("U");
    out.append(pf);
    out.append(", func=");
    out.append(llc_u_frame_name(static_cast<std::uint8_t>(c & 0xecu), llc.response()));
  }
}

const char* llc_sap_name(std::uint8_t sap) {
  sap &= 0xfeu;
  const SapName* e = std::lower_bound(std::begin(kSapNames), std::end(kSapNames), sap,
                                      [](const SapName& x, std::uint8_t s) { return x.sap < s; });
  return e != std::end(kSapNames) && e->sap == sap ? e->name : nullptr;
}

const char* llc_u_frame_name(std::uint8_t modifier, bool response) {
  switch (modifier) {
    case 0x00:
      return "UI";
    case 0x04:
      return response ? "RIM" : "SIM";
    case 0x0c:
      return response ? "DM" : "SARM";
    case 0x20:
      return "UP";
    case 0x2c:
      return "SABM";
    case 0x40:
      return response ? "RD" : "DISC";
    case 0x4c:
      return "SARME";
    case 0x60:
      return "UA";
    case 0x6c:
      return "SABME";
    case 0x80:
      return "SNRM";
    case 0x84:
      return "FRMR";
    case 0x8c:
      return "RESET";
    case 0xac:
      return "XID";
    case 0xc4:
      return "CFGR";
    case 0xcc:
      return "SNRME";
    case 0xe0:
      return "TEST";
    case 0xec:
      return "BCN";
    default:
      return "Unknown";
  }
}

const char* llc_s_frame_name(std::uint16_t control) {
  static const char* const kNames[] = {"RR", "RNR", "REJ", "SREJ"};
  return kNames[(control >> 2) & 3u];
}

bool dsap_dissected(std::uint8_t dsap) {
  return std::binary_search(std::begin(kDissectedDsaps), std::end(kDissectedDsaps), dsap);
}

SnapOui snap_oui_kind(std::uint32_t oui) {
  if (oui == 0x000000 || oui == 0x0000f8) return SnapOui::kEthertype;
  for (const OuiTable& t : kRegisteredOuis)
    if (t.oui == oui) return SnapOui::kRegistered;
  return SnapOui::kOther;
}

bool snap_pid_dissected(std::uint32_t oui, std::uint16_t pid) {
  if (oui == 0x0080c2) return std::ranges::find(kBridgedPids, pid) != std::end(kBridgedPids);
  for (const OuiTable& t : kRegisteredOuis)
    if (t.oui == oui) return std::ranges::find(t.pids, pid) != t.pids.end();
  return false;
}

void append_llc_info(std::string& out, const LlcInfo& llc) {
  if (llc.read < 3) return;
  append_llc_control(out, llc);
  if (llc.snap) {
    if (!llc.snap_read) return;
    out.append("; SNAP, OUI 0x");
    append_hex(out, llc.oui, 6, true);
    out.append(" (");
    const std::string vendor = net::MacNames::system().vendor_long_name(llc.oui);
    out.append(vendor.empty() ? "Unknown" : vendor);
    out.append("), PID 0x");
    append_hex(out, llc.pid, 4, true);
    return;
  }
  out.append("; DSAP ");
  append_sap(out, llc.dsap);
  out.append((llc.dsap & 1u) != 0 ? " Group" : " Individual");
  out.append(", SSAP ");
  append_sap(out, llc.ssap);
  out.append(llc.response() ? " Response" : " Command");
}

}  // namespace sockscope::capture
