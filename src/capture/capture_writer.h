// Public. Writes captured packets to a file: pcapng (our own writer: SHB, one IDB with
// if_name, link type, snap length and if_tsresol, then EPBs) or classic pcap
// (microsecond magic, what every tool reads). The format follows the file name:
// ".pcapng" means pcapng, anything else classic pcap. Owns the FILE; buffered writes;
// flush() makes everything written so far durable on disk (Ctrl-C path).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "capture/byte_reader.h"

namespace sockscope::capture {

struct WriterInterface {
  std::string name;  // e.g. "lo"
  std::uint32_t linktype = 1;
  std::uint32_t snaplen = 262144;
  bool nanoseconds = true;  // pcapng timestamp resolution 10^-9 (else 10^-6)
};

class CaptureWriter {
 public:
  // Throws usage_error naming the path when it cannot be created.
  CaptureWriter(const std::string& path, const WriterInterface& iface);
  // Same, but to an already open stream (tests, fuzzing); the caller keeps ownership.
  CaptureWriter(std::FILE* stream, bool pcapng, const WriterInterface& iface);
  ~CaptureWriter();
  CaptureWriter(const CaptureWriter&) = delete;
  CaptureWriter& operator=(const CaptureWriter&) = delete;

  void write(std::int64_t ts_ns, std::uint32_t original_len, Bytes data);
  void flush();
  std::uint64_t packets() const { return packets_; }
  static bool is_pcapng_name(const std::string& path);

 private:
  void write_header();
  void put(const void* data, std::size_t n);

  std::FILE* file_ = nullptr;
  bool owned_ = false;
  bool pcapng_ = true;
  WriterInterface iface_;
  std::uint64_t packets_ = 0;
  std::string path_;
};

}  // namespace sockscope::capture
