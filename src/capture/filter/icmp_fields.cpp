// The ICMP display-filter fields of the word after type, code and checksum, as Wireshark
// 4.0's packet-icmp.c adds them: Destination Unreachable's and Time Exceeded's unused
// bytes, or RFC 4884's length of the quoted datagram between them (icmp.length, in 32-bit
// words, and icmp.length.original_datagram in bytes); Fragmentation Needed's MTU;
// Parameter Problem's pointer; Redirect's gateway; the address mask of a mask request or
// reply. Read from Packet::l4 (the message as captured). And icmp.resp_in, icmp.no_resp
// and their ICMPv6 twins: a single pass (tshark -Y) never knows a request's reply, nor
// that none came, so they are never present; they are offered so that such a filter gets
// tshark's answer, not a refusal.
#include <netinet/in.h>

#include <cstring>

#include "capture/filter/fields.h"

namespace sockscope::capture::filter {
namespace {

using enum FieldId;

int put_bytes(Value* out, int n, int cap, Bytes b) {
  if (n < cap) out[n].s = {reinterpret_cast<const char*>(b.data()), b.size()};
  return n + 1;
}

int put_ipv4(Value* out, Bytes m, std::size_t at) {
  out[0].ip = net::IpAddress{};
  out[0].ip.family = AF_INET;
  std::memcpy(out[0].ip.bytes.data(), m.data() + at, 4);
  return 1;
}

// Destination Unreachable (not Fragmentation Needed), Time Exceeded: 4 unused bytes, or
// with an RFC 4884 length (byte 5) 1 unused byte, the length, 2 unused bytes.
int length_values(FieldId id, std::uint8_t length, Value* out) {
  if (length == 0) return 0;
  if (id == kIcmpLength) return put_u(out, length);
  return id == kIcmpLengthOriginalDatagram ? put_u(out, std::uint64_t{length} * 4) : 0;
}

int error_word_values(FieldId id, Bytes m, Value* out, int cap) {
  const auto length = static_cast<std::uint8_t>(m[5]);
  if (id != kIcmpUnused) return length_values(id, length, out);
  if (m.size() < 8) return length == 0 ? 0 : put_bytes(out, 0, cap, m.subspan(4, 1));
  if (length == 0) return put_bytes(out, 0, cap, m.subspan(4, 4));
  return put_bytes(out, put_bytes(out, 0, cap, m.subspan(4, 1)), cap, m.subspan(6, 2));
}

}  // namespace

int icmp_word_field_values(FieldId id, const Packet& p, Value* out, int cap) {
  if (id == kIcmpRespIn || id == kIcmpNoResp || id == kIcmpv6RespIn || id == kIcmpv6NoResp)
    return 0;  // (see above)
  // A header the snap length cut after 6 or 7 bytes (dissect_icmp) has the items that
  // end within them: Wireshark adds each as it reads it and stops at the first it cannot.
  if (!p.has(kProtoIcmp) || p.l4.size() < 6) return 0;
  const Bytes m = p.l4;
  const bool whole = m.size() >= 8;
  const auto type = static_cast<std::uint8_t>(m[0]);
  const auto code = static_cast<std::uint8_t>(m[1]);
  const auto length = static_cast<std::uint8_t>(m[5]);  // RFC 4884, in 32-bit words
  switch (type) {
    case 3:
      if (code == 4) {  // the MTU in the last two bytes, the length (if any) before them
        if (id == kIcmpMtu)
          return !whole ? 0
                        : put_u(out, (std::uint64_t{static_cast<std::uint8_t>(m[6])} << 8) |
                                         static_cast<std::uint8_t>(m[7]));
        if (id == kIcmpUnused) return put_bytes(out, 0, cap, m.subspan(4, length != 0 ? 1 : 2));
        return length_values(id, length, out);
      }
      return error_word_values(id, m, out, cap);
    case 11:
      return error_word_values(id, m, out, cap);
    case 12:  // the pointer, the length (if any), the unused rest
      if (id == kIcmpPointer) return put_u(out, static_cast<std::uint8_t>(m[4]));
      if (id == kIcmpUnused)
        return !whole ? 0
                      : put_bytes(out, 0, cap, m.subspan(length != 0 ? 6 : 5, length != 0 ? 2 : 3));
      return length_values(id, length, out);
    case 5:
      return id == kIcmpRedirGw && whole ? put_ipv4(out, m, 4) : 0;
    case 17:
    case 18:
      return id == kIcmpAddressMask && m.size() >= 12 ? put_ipv4(out, m, 8) : 0;
    default:
      return 0;
  }
}

std::uint64_t icmp_word_field_max(FieldId id) {
  switch (id) {
    case kIcmpMtu:
      return 0xffff;
    case kIcmpPointer:
    case kIcmpRespIn:
    case kIcmpv6RespIn:
      return 0xffffffff;
    default:
      return 0xff;
  }
}

}  // namespace sockscope::capture::filter
