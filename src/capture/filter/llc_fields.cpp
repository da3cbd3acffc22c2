// The llc and stp display-filter fields, as Wireshark 4.0's packet-llc.c and
// packet-bpdu.c add them: DSAP, SSAP and the control field's parts (which depend on the
// frame's kind, I, S or U, and on whether it is a command or a response), SNAP's OUI and
// protocol ID under the name its OUI gives it; the BPDU's fields once its dissector has
// added its items (capture/stp_bpdu.h). Read from Packet::llc.
#include "capture/filter/fields.h"
#include "capture/llc_names.h"
#include "capture/stp_bpdu.h"

namespace sockscope::capture::filter {
namespace {

using enum FieldId;

int one_double(Value* out, double v) {
  out[0].d = v;
  return 1;
}

int one_mac(Value* out, Bytes b, std::size_t at) {
  for (std::size_t i = 0; i < 6; ++i) out[0].mac[i] = stp::byte_at(b, at + i);
  return 1;
}

int control_values(FieldId id, const LlcInfo& llc, Value* out) {
  if (llc.read < 3) return 0;
  const std::uint16_t c = llc.control;
  const bool u = llc.u_frame(), s = !u && (c & 1u) != 0;
  const bool poll_final = u ? (c & 0x10u) != 0 : (c & 0x100u) != 0;
  switch (id) {
    case kLlcControl:
      return put_u(out, c);
    case kLlcControlFtype:
      return put_u(out, (c & 1u) == 0 ? 0 : c & 3u);
    case kLlcControlNr:
      return u ? 0 : put_u(out, c >> 9);
    case kLlcControlNs:
      return u || s ? 0 : put_u(out, (c >> 1) & 0x7fu);
    case kLlcControlSFtype:
      return s ? put_u(out, (c >> 2) & 3u) : 0;
    case kLlcControlP:  // an I frame's bit is P, command or response
      return poll_final && (!llc.response() || (c & 1u) == 0) ? put_u(out, 1) : 0;
    case kLlcControlF:
      return poll_final && llc.response() && (c & 1u) != 0 ? put_u(out, 1) : 0;
    case kLlcControlUModifierCmd:
      return u && !llc.response() ? put_u(out, (c & 0xecu) >> 2) : 0;
    case kLlcControlUModifierResp:
      return u && llc.response() ? put_u(out, (c & 0xecu) >> 2) : 0;
    default:
      return 0;
  }
}

int snap_values(FieldId id, const LlcInfo& llc, Value* out) {
  if (!llc.snap_read) return 0;
  const SnapOui kind = snap_oui_kind(llc.oui);
  switch (id) {
    case kLlcOui:
      return put_u(out, llc.oui);
    case kLlcType:  // only when the frame hands its payload on
      return kind == SnapOui::kEthertype && llc.information() ? put_u(out, llc.pid) : 0;
    case kLlcPid:
      return kind == SnapOui::kOther ? put_u(out, llc.pid) : 0;
    case kLlcCiscoPid:
      return llc.oui == 0x00000c ? put_u(out, llc.pid) : 0;
    default:
      return 0;
  }
}

int stp_values(FieldId id, const Packet& p, Value* out) {
  if (!p.has(kProtoStp)) return 0;
  const Bytes b = p.llc.payload;
  if (!stp::has_items(b)) return 0;
  switch (id) {
    case kStpProtocol:
      return put_u(out, stp::u16_at(b, 0));
    case kStpVersion:
      return put_u(out, stp::byte_at(b, stp::kVersion));
    case kStpType:
      return put_u(out, stp::byte_at(b, stp::kType));
    default:
      break;
  }
  const std::uint8_t type = stp::byte_at(b, stp::kType);
  if (type != stp::kConfig && type != stp::kRst) return 0;
  const std::uint8_t flags = stp::byte_at(b, stp::kFlags);
  const bool rst = type == stp::kRst;
  const std::uint16_t root = stp::u16_at(b, stp::kRootId);
  const std::uint16_t bridge = stp::u16_at(b, stp::kBridgeId);
  const auto age = [&b, out](std::size_t at) {
    return stp::has_field(b, at + 2) ? one_double(out, stp::u16_at(b, at) / 256.0) : 0;
  };
  switch (id) {
    case kStpFlags:
      return put_u(out, flags);
    case kStpFlagsTcack:
      return put_u(out, (flags >> 7) & 1u);
    case kStpFlagsTc:
      return put_u(out, flags & 1u);
    case kStpFlagsAgreement:
      return rst ? put_u(out, (flags >> 6) & 1u) : 0;
    case kStpFlagsForwarding:
      return rst ? put_u(out, (flags >> 5) & 1u) : 0;
    case kStpFlagsLearning:
      return rst ? put_u(out, (flags >> 4) & 1u) : 0;
    case kStpFlagsPortRole:
      return rst ? put_u(out, (flags >> 2) & 3u) : 0;
    case kStpFlagsProposal:
      return rst ? put_u(out, (flags >> 1) & 1u) : 0;
    case kStpRootPrio:  // Wireshark's default: priority and system ID extension apart
      return put_u(out, root & 0xf000u);
    case kStpRootExt:
      return put_u(out, root & 0x0fffu);
    case kStpRootHw:
      return one_mac(out, b, stp::kRootId + 2);
    case kStpRootCost:
      return put_u(out, stp::u32_at(b, stp::kRootCost));
    case kStpBridgePrio:
      return put_u(out, bridge & 0xf000u);
    case kStpBridgeExt:
      return put_u(out, bridge & 0x0fffu);
    case kStpBridgeHw:
      return one_mac(out, b, stp::kBridgeId + 2);
    case kStpPort:
      return put_u(out, stp::u16_at(b, stp::kPort));
    case kStpMsgAge:
      return age(stp::kMessageAge);
    case kStpMaxAge:
      return age(stp::kMaxAge);
    case kStpHello:
      return age(stp::kHelloTime);
    case kStpForward:
      return age(stp::kForwardDelay);
    case kStpVersion1Length:
      return rst && stp::has_field(b, stp::kVersion1Length + 1)
                 ? put_u(out, stp::byte_at(b, stp::kVersion1Length))
                 : 0;
    default:
      return 0;
  }
}

}  // namespace

int llc_field_values(FieldId id, const Packet& p, Value* out, int /*cap*/) {
  if (id >= kStp) return stp_values(id, p, out);
  if (!p.has(kProtoLlc)) return 0;
  const LlcInfo& llc = p.llc;
  switch (id) {
    case kLlcDsap:
      return llc.read >= 1 ? put_u(out, llc.dsap) : 0;
    case kLlcDsapSap:
      return llc.read >= 1 ? put_u(out, llc.dsap >> 1) : 0;
    case kLlcDsapIg:
      return llc.read >= 1 ? put_u(out, llc.dsap & 1u) : 0;
    case kLlcSsap:
      return llc.read >= 2 ? put_u(out, llc.ssap) : 0;
    case kLlcSsapSap:
      return llc.read >= 2 ? put_u(out, llc.ssap >> 1) : 0;
    case kLlcSsapCr:
      return llc.read >= 2 ? put_u(out, llc.ssap & 1u) : 0;
    case kLlcOui:
    case kLlcType:
    case kLlcPid:
    case kLlcCiscoPid:
      return snap_values(id, llc, out);
    default:
      return control_values(id, llc, out);
  }
}

std::uint64_t llc_field_max(FieldId id) {
  switch (id) {
    case kLlcDsapIg:
    case kLlcSsapCr:
    case kLlcControlP:
    case kLlcControlF:
    case kStpFlagsTcack:
    case kStpFlagsAgreement:
    case kStpFlagsForwarding:
    case kStpFlagsLearning:
    case kStpFlagsProposal:
    case kStpFlagsTc:
      return UINT64_MAX;  // booleans
    case kLlcDsap:
    case kLlcDsapSap:
    case kLlcSsap:
    case kLlcSsapSap:
    case kLlcControlUModifierCmd:
    case kLlcControlUModifierResp:
    case kStpVersion:
    case kStpType:
    case kStpFlags:
    case kStpFlagsPortRole:
    case kStpVersion1Length:
      return 0xff;
    case kLlcOui:
      return 0xffffff;
    case kStpRootCost:
      return 0xffffffff;
    default:
      return 0xffff;
  }
}

bool llc_field_present(FieldId id, const Packet& p) {
  if (id == kLlc) return p.has(kProtoLlc) && !p.llc.bytes.empty();
  if (id == kStp) return p.has(kProtoStp) && stp::has_items(p.llc.payload);
  Value v[1];
  return llc_field_values(id, p, v, 1) > 0;
}

Bytes llc_field_bytes(FieldId id, const Packet& p) {
  if (!llc_field_present(id, p)) return {};
  return id == kStp ? p.llc.payload : id == kLlc ? p.llc.bytes : Bytes{};
}

Bytes llc_own_bytes(FieldId id, const Packet& p) {
  const Bytes all = llc_field_bytes(id, p);
  if (id == kStp) return all;
  // LLC's item: DSAP, SSAP, the control field (one or two bytes), SNAP's five bytes.
  const std::size_t header = (p.llc.u_frame() ? 3u : 4u) + (p.llc.snap ? 5u : 0u);
  return all.first(std::min(header, all.size()));
}

}  // namespace sockscope::capture::filter
