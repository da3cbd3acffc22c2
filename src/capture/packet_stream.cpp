#include "capture/packet_stream.h"

namespace sockscope::capture {

PacketStream::PacketStream(const std::string& path)
    : source_(std::make_unique<FileSource>(path)), reader_(*source_) {}

PacketStream::PacketStream(Bytes bytes, std::string name) : reader_(bytes, std::move(name)) {}

bool PacketStream::next(Packet& p) {
  PacketFileReader::Next n = reader_.next(record_);
  if (n == PacketFileReader::Next::kError) {
    error_ = reader_.error();
    return false;
  }
  if (n == PacketFileReader::Next::kEnd) return false;
  direction_ = decoder_.decode(record_, p);
  return true;
}

}  // namespace sockscope::capture
