// The fields Wireshark 4.0's frame dissector makes of a pcapng packet block's options
// (capture/pcapng_options.h): each comment (frame.comment, with its expert item
// frame.comment.expert), the flags word (frame.packet_flags) and its bit fields as the
// masks 0x3 direction, 0x1c reception type, 0x1e0 FCS length, 0xfe00 reserved and the
// eight link-layer error bits, frame.p2p_dir from an inbound (1) or outbound (0)
// direction, frame.packet_id and frame.drop_count. A pcap file has none of them.
#include <bit>

#include "capture/filter/fields.h"
#include "capture/pcapng_options.h"

namespace sockscope::capture::filter {
namespace {

using enum FieldId;

struct FlagBits {
  FieldId id;
  std::uint32_t mask;
};
constexpr FlagBits kFlagBits[] = {
    {kFramePacketFlagsDirection, 0x3},
    {kFramePacketFlagsReceptionType, 0x1c},
    {kFramePacketFlagsFcsLength, 0x1e0},
    {kFramePacketFlagsReserved, 0xfe00},
    {kFramePacketFlagsCrcError, 0x1000000},
    {kFramePacketFlagsPacketTooError, 0x2000000},
    {kFramePacketFlagsPacketTooShortError, 0x4000000},
    {kFramePacketFlagsWrongInterFrameGapError, 0x8000000},
    {kFramePacketFlagsUnalignedFrameError, 0x10000000},
    {kFramePacketFlagsStartFrameDelimiterError, 0x20000000},
    {kFramePacketFlagsPreambleError, 0x40000000},
    {kFramePacketFlagsSymbolError, 0x80000000},
};

std::uint32_t mask_of(FieldId id) {
  for (const FlagBits& f : kFlagBits)
    if (f.id == id) return f.mask;
  return 0;
}

}  // namespace

std::uint64_t frame_option_field_max(FieldId id) {
  switch (id) {
    case kFramePacketId:
    case kFrameDropCount:
      return UINT64_MAX - 1;  // FT_UINT64 (UINT64_MAX itself marks a boolean)
    case kFramePacketFlagsCrcError:
    case kFramePacketFlagsPacketTooError:
    case kFramePacketFlagsPacketTooShortError:
    case kFramePacketFlagsWrongInterFrameGapError:
    case kFramePacketFlagsUnalignedFrameError:
    case kFramePacketFlagsStartFrameDelimiterError:
    case kFramePacketFlagsPreambleError:
    case kFramePacketFlagsSymbolError:
      return UINT64_MAX;  // booleans
    default:
      return 0xffffffff;
  }
}

int frame_option_field_values(FieldId id, const Packet& p, Value* out, int cap) {
  if (p.pcapng_options.empty()) return 0;
  int n = 0;
  switch (id) {
    case kFrameComment:
    case kFrameCommentExpert:
      for_each_pcapng_option(p, [&](std::uint16_t code, Bytes value) {
        if (code != kOptComment) return true;
        if (n < cap) {
          out[n].s = {reinterpret_cast<const char*>(value.data()), value.size()};
          out[n].u = 1;
        }
        ++n;
        return true;
      });
      return n;
    case kPktComment:
      if (!pcapng_has_comment(p)) return 0;
      out[0].u = 1;
      return 1;
    case kFramePacketId:
    case kFrameDropCount: {
      std::uint64_t v = 0;
      if (!pcapng_number_option(p, id == kFramePacketId ? kOptEpbPacketId : kOptEpbDropCount, 8, v))
        return 0;
      out[0].u = v;
      return 1;
    }
    default:
      break;
  }
  std::uint64_t flags = 0;
  if (!pcapng_number_option(p, kOptEpbFlags, 4, flags)) return 0;
  if (id == kFramePacketFlags) {
    out[0].u = flags;
    return 1;
  }
  if (id == kFrameP2pDir) {  // inbound is P2P_DIR_RECV (1), outbound P2P_DIR_SENT (0)
    const std::uint64_t direction = flags & 0x3u;
    if (direction != 1 && direction != 2) return 0;
    out[0].d = direction == 1 ? 1 : 0;
    out[0].u = direction == 1 ? 1 : 0;
    return 1;
  }
  const std::uint32_t mask = mask_of(id);
  if (mask == 0) return 0;
  out[0].u = (flags & mask) >> std::countr_zero(mask);
  return 1;
}

}  // namespace sockscope::capture::filter
