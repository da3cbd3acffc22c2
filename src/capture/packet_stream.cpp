#include "capture/packet_stream.h"

#include "capture/dissect/dissect.h"

namespace sockscope::capture {

namespace {
std::unique_ptr<MappedFile> open_file(const std::string& path) {
  return std::make_unique<MappedFile>(path);
}
}  // namespace

PacketStream::PacketStream(const std::string& path)
    : file_(open_file(path)), reader_(file_->bytes(), path) {}

PacketStream::PacketStream(Bytes bytes, std::string name) : reader_(bytes, std::move(name)) {}

bool PacketStream::next(Packet& p) {
  PacketFileReader::Next n = reader_.next(record_);
  if (n == PacketFileReader::Next::kError) {
    error_ = reader_.error();
    return false;
  }
  if (n == PacketFileReader::Next::kEnd) return false;
  ++number_;
  if (number_ == 1) {
    first_ts_ = record_.ts_ns;
    time_digits_ = record_.time_digits;
  }
  p.number = number_;
  p.ts_ns = record_.ts_ns;
  p.rel_ns = record_.ts_ns - first_ts_;
  p.caplen = record_.caplen;
  p.len = record_.len;
  p.linktype = record_.linktype;
  p.data = record_.data;
  dissect_packet(p);
  direction_ = tracker_.track(p);
  return true;
}

}  // namespace sockscope::capture
