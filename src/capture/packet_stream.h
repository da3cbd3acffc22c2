// Public. A capture file as a sequence of dissected, stream-tracked packets: reads the
// file (or pipe, or "-" for standard input) block by block, reads records, dissects them
// and runs the stream tracker, numbering frames and timing them relative to the first.
// Owns the source, the reader and the tracker; the Packet the caller passes to next() is
// overwritten each time (no per-packet heap), and its bytes are valid until then.
#pragma once

#include <memory>
#include <string>

#include "capture/file_source.h"
#include "capture/packet.h"
#include "capture/packet_decoder.h"
#include "capture/packet_file.h"

namespace sockscope::capture {

class PacketStream {
 public:
  // Throws usage_error naming the path when it cannot be opened or is no capture file.
  explicit PacketStream(const std::string& path);
  // Over bytes the caller keeps alive (tests, fuzzing).
  PacketStream(Bytes bytes, std::string name);

  // The next packet, or false at the end of the file or at damage (then error() says
  // which packet and what; everything before it was delivered).
  bool next(Packet& p);
  const std::string& error() const { return error_; }
  // Direction of the last packet within its stream (0 or 1), -1 when not TCP/UDP.
  int direction() const { return direction_; }
  // Fraction digits the file's timestamps carry (6 or 9), known after the first packet.
  int time_digits() const { return decoder_.time_digits(); }
  const StreamTracker& tracker() const { return decoder_.tracker(); }
  // Before the first next(): also run the ACK analysis (a display filter may need it).
  void set_ack_analysis(bool on) { decoder_.set_ack_analysis(on); }
  const PacketFileReader& reader() const { return reader_; }
  const Record& record() const { return record_; }

 private:
  std::unique_ptr<FileSource> source_;
  PacketFileReader reader_;
  PacketDecoder decoder_;
  Record record_;
  std::string error_;
  int direction_ = -1;
};

}  // namespace sockscope::capture
