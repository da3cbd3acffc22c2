// Public. What Wireshark 4.0 knows about LLC's addresses and SNAP's protocol IDs: the SAP
// names of its Info column, the U and S frame names, and which payloads it hands to a
// dissector of its own (tshark -G decodes: the llc.dsap and llc.*_pid tables).
#pragma once

#include <cstdint>
#include <string>

#include "capture/packet.h"

namespace sockscope::capture {

// A SAP's name ("NetBIOS"), the I/G and C/R bit aside; nullptr when Wireshark has none.
const char* llc_sap_name(std::uint8_t sap);
// The name of a U frame's modifier (control & 0xec), which differs for commands and
// responses; "Unknown" when it has none.
const char* llc_u_frame_name(std::uint8_t modifier, bool response);
// The name of an S frame's function (control & 0x0c): RR, RNR, REJ, SREJ.
const char* llc_s_frame_name(std::uint16_t control);

// Whether a DSAP's information frames go to a Wireshark dissector other than IP (6) and
// STP (0x42): SNA, IPX, OSI, X.25, NetBIOS, ...
bool dsap_dissected(std::uint8_t dsap);

// How Wireshark reads a SNAP header's protocol ID: as an ethertype (llc.type: the OUI of
// encapsulated Ethernet, 0, and DEC's 0x0000f8), as the ID of an OUI with a table of its
// own (llc.cisco_pid and the like), or as a plain llc.pid.
enum class SnapOui : std::uint8_t { kEthertype, kRegistered, kOther };
SnapOui snap_oui_kind(std::uint32_t oui);
// Whether Wireshark hands a SNAP payload with this OUI and protocol ID (not an ethertype)
// to a dissector: Cisco's CDP, VTP, PVST+..., 802.1 bridged frames, AppleTalk's DDP.
bool snap_pid_dissected(std::uint32_t oui, std::uint16_t pid);

// The control field as Wireshark's xdlc code writes it (extended I and S frames): "U P,
// func=UI", "I, N(R)=5, N(S)=42" (an I frame's bit is always P), "S F, func=RR, N(R)=42".
void append_llc_control(std::string& out, const LlcInfo& llc);
// LLC's Info text: "U, func=UI; DSAP NetBIOS Individual, SSAP NetBIOS Command", or the
// control part and "; SNAP, OUI 0x00000C (Cisco Systems, Inc), PID 0x2000"; as far as
// the header was read.
void append_llc_info(std::string& out, const LlcInfo& llc);

}  // namespace sockscope::capture
