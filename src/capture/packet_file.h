// Public. Reads classic pcap (micro- and nanosecond, either byte order) and pcapng
// (SHB sections, IDBs with if_tsresol, EPB/SPB/obsolete PB) from bytes the caller owns
// (usually a MappedFile), without copying packet data. A damaged file does not throw
// mid-way: next() returns kError and error() names the packet ("packet 17: ..."), so
// everything before it is still delivered.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capture/byte_reader.h"
#include "capture/timestamp.h"

namespace sockscope::capture {

struct Record {
  Timestamp ts;  // exact, as the file states it (seconds may exceed int64 nanoseconds)
  std::uint32_t caplen = 0, len = 0, linktype = 0;
  std::uint32_t interface_id = 0;
  int time_digits = 6;  // the resolution the file recorded: 6 (µs) or 9 (ns)
  Bytes data;
};

struct InterfaceInfo {
  std::uint32_t linktype = 0, snaplen = 0;
  std::string name;
  std::uint8_t tsresol = 6;  // pcapng if_tsresol byte
};

enum class FileFormat { kPcap, kPcapng };

class PacketFileReader {
 public:
  enum class Next { kRecord, kEnd, kError };

  // Throws usage_error when `bytes` is not a pcap or pcapng file ("not a capture file").
  PacketFileReader(Bytes bytes, std::string name);

  Next next(Record& out);
  const std::string& error() const { return error_; }
  FileFormat format() const { return format_; }
  const std::vector<InterfaceInfo>& interfaces() const { return interfaces_; }
  std::uint32_t records_read() const { return count_; }
  std::size_t position() const { return pos_; }  // bytes consumed so far

 private:
  Next next_pcap(Record& out);
  Next next_pcapng(Record& out);
  Next fail(const std::string& why);

  Bytes bytes_;
  std::string name_;
  std::size_t pos_ = 0;
  FileFormat format_ = FileFormat::kPcap;
  bool swapped_ = false;  // file byte order differs from little-endian reading
  bool nanos_ = false;
  std::vector<InterfaceInfo> interfaces_;
  std::uint32_t count_ = 0;
  std::string error_;
};

}  // namespace sockscope::capture
