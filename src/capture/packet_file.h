// Public. Reads classic pcap (micro- and nanosecond, either byte order) and pcapng
// (SHB sections, IDBs with if_tsresol, EPB/SPB/obsolete PB) from bytes the caller owns,
// or block by block from a FileSource (a file or a pipe; a record's bytes stay valid
// until the next call to next()). A damaged file does not throw mid-way: next() returns
// kError and error() names the packet ("packet 17: ..."), so everything before it is
// still delivered.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "capture/byte_reader.h"
#include "capture/file_source.h"
#include "capture/timestamp.h"

namespace sockscope::capture {

struct Record {
  Timestamp ts;  // exact, as the file states it (seconds may exceed int64 nanoseconds)
  std::uint32_t caplen = 0, len = 0, linktype = 0;
  std::uint32_t interface_id = 0;
  // A pcapng packet names its interface (frame.interface_id, .interface_name); the name
  // is the reader's, valid until the next read.
  bool pcapng = false;
  std::string_view interface_name;
  int time_digits = 6;  // the resolution the file recorded: 6 (µs) or 9 (ns)
  Bytes data;
  // pcapng: the packet block's options (comments, flags...: capture/pcapng_options.h), in
  // the section's byte order; valid as long as `data`.
  Bytes options;
  bool options_big_endian = false;
};

struct InterfaceInfo {
  std::uint32_t linktype = 0, snaplen = 0;
  std::string name;          // as Wireshark names it: if_name, else if_description, else "unknown"
  std::uint8_t tsresol = 6;  // pcapng if_tsresol byte
};

enum class FileFormat { kPcap, kPcapng };

class PacketFileReader {
 public:
  enum class Next { kRecord, kEnd, kError };

  // Throws usage_error when `bytes` is not a pcap or pcapng file ("not a capture file").
  PacketFileReader(Bytes bytes, std::string name);
  // Reads from `source`, which must outlive the reader. Throws as above.
  explicit PacketFileReader(FileSource& source);

  Next next(Record& out);
  const std::string& error() const { return error_; }
  FileFormat format() const { return format_; }
  const std::vector<InterfaceInfo>& interfaces() const { return interfaces_; }
  std::uint32_t records_read() const { return count_; }

 private:
  void read_file_header();
  // Makes at least `n` bytes from pos_ available when the source has them (reading more
  // and moving the unread tail to the front of the buffer); false when it has not.
  bool ensure(std::size_t n) { return bytes_.size() - pos_ >= n || refill(n); }
  bool refill(std::size_t n);
  Next next_pcap(Record& out);
  Next next_pcapng(Record& out);
  Next fail(const std::string& why);
  Next end_of_input();  // kEnd, or kError when the file shrank under us

  Bytes bytes_;  // what is available: the caller's bytes, or the filled part of buffer_
  std::string name_;
  FileSource* source_ = nullptr;
  // Not a vector: resizing one zero-fills it, and a `read` of a small capture paid for
  // touching the whole first 1 MiB block (its page faults) to use a few KiB of it.
  std::unique_ptr<std::byte[]> buffer_;
  std::size_t capacity_ = 0;  // of buffer_; only its first bytes_.size() bytes are set
  bool source_ended_ = false;
  std::size_t pos_ = 0;
  FileFormat format_ = FileFormat::kPcap;
  bool swapped_ = false;  // file byte order differs from little-endian reading
  bool nanos_ = false;
  std::vector<InterfaceInfo> interfaces_;
  std::uint32_t count_ = 0;
  std::string error_;
};

// Reads the capture at `path` (a file, a pipe or "-": standard input) and hands each
// record to `each` until the end or until `each` returns false; nothing is read after
// that, so a pipe is never waited on for a record nobody wants. `on_wait` runs before a
// read from a pipe would block. Returns the damage found ("'f': packet 17: ..."), empty
// when the file was whole. Throws usage_error when the file cannot be opened or is no
// capture.
std::string for_each_record(const std::string& path, const std::function<bool(const Record&)>& each,
                            const std::function<void()>& on_wait = {});

}  // namespace sockscope::capture
