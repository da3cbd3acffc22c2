#include "capture/packet_decoder.h"

#include "capture/dissect/dissect.h"

namespace sockscope::capture {

int PacketDecoder::decode(const Record& record, Packet& p) {
  ++number_;
  if (number_ == 1) {
    first_ts_ = record.ts_ns;
    time_digits_ = record.time_digits;
  }
  p.number = number_;
  p.ts_ns = record.ts_ns;
  p.rel_ns = record.ts_ns - first_ts_;
  // Wrapping subtraction: timestamps near the int64 limits must not overflow.
  p.delta_ns = number_ == 1 ? 0
                            : static_cast<std::int64_t>(static_cast<std::uint64_t>(record.ts_ns) -
                                                        static_cast<std::uint64_t>(previous_ts_));
  previous_ts_ = record.ts_ns;
  p.caplen = record.caplen;
  p.len = record.len;
  p.linktype = record.linktype;
  p.data = record.data;
  dissect_packet(p);
  if (p.fragment) reassembler_.add(p);
  int direction = tracker_.track(p);
  http_.add(p, direction);
  return direction;
}

}  // namespace sockscope::capture
