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
  // frame.time_delta: 0 for the first packet; exact, so clocks near the int64 limits
  // cannot overflow (delta_ns clamps like the others).
  p.delta = number_ == 1 ? Timestamp{} : difference(record.ts, previous_ts_);
  p.delta_ns = to_ns(p.delta);
  previous_ts_ = record.ts;
  p.caplen = record.caplen;
  p.len = record.len;
  p.linktype = record.linktype;
  p.has_interface = record.pcapng;
  p.interface_id = record.interface_id;
  p.interface_name = record.interface_name;
  p.pcapng_options = record.options;
  p.pcapng_options_big_endian = record.options_big_endian;
  p.data = record.data;
  dissect_packet(p);
  if (p.fragment) reassembler_.add(p);
  int direction = tracker_.track(p);
  http_.add(p, direction, http_links_);
  http_links_.add(p);
  dns_tcp_.add(p, direction);
  dns_links_.add(p);
  arp_duplicates_.add(p);
  lbmsrs_.add(p, direction);
  return direction;
}

}  // namespace sockscope::capture
