#include "capture/packet_stream.h"

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
  // Keep the resident set small on big files: pages behind the current record are done.
  constexpr std::size_t kReleaseStep = 32u << 20;
  if (file_ && reader_.position() > released_ + 2 * kReleaseStep) {
    released_ = reader_.position() - kReleaseStep;
    file_->release_before(released_);
  }
  direction_ = decoder_.decode(record_, p);
  return true;
}

}  // namespace sockscope::capture
