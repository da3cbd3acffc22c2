#include "capture/packet_decoder.h"

#include "capture/dissect/dissect.h"

namespace sockscope::capture {

int PacketDecoder::decode(const Record& record, Packet& p) {
  ++number_;
  if (number_ == 1) {
    first_ts_ = record.ts;
    time_digits_ = record.time_digits;
  }
  p.number = number_;
  p.ts = record.ts;
  p.rel = difference(record.ts, first_ts_);
  p.ts_ns = to_ns(p.ts);
  p.rel_ns = to_ns(p.rel);
  p.caplen = record.caplen;
  p.len = record.len;
  p.linktype = record.linktype;
  p.data = record.data;
  dissect_packet(p);
  return tracker_.track(p);
}

}  // namespace sockscope::capture
