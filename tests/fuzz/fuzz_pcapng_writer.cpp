// pcapng writer round trip: the input is split into packets (first byte of each = its
// length), written by CaptureWriter (pcapng, then classic pcap), read back by our
// reader; every packet must come back byte for byte with its timestamp.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "capture/capture_writer.h"
#include "capture/packet_file.h"
#include "fuzz_target.h"

namespace {
void round_trip(const std::uint8_t* data, std::size_t size, bool pcapng) {
  using namespace sockscope::capture;
  struct Piece {
    std::int64_t ts;
    Bytes bytes;
  };
  std::vector<Piece> pieces;
  std::size_t i = 0;
  std::int64_t ts = 1700000000000000000LL;
  while (i < size) {
    std::size_t n = data[i++];
    if (n > size - i) n = size - i;
    ts += static_cast<std::int64_t>(n) * (pcapng ? 1 : 1000);
    pieces.push_back({ts, Bytes(reinterpret_cast<const std::byte*>(data + i), n)});
    i += n;
  }
  char* buf = nullptr;
  std::size_t len = 0;
  std::FILE* mem = open_memstream(&buf, &len);
  {
    WriterInterface iface;
    iface.name = "fuzz0";
    CaptureWriter w(mem, pcapng, iface);
    for (const auto& p : pieces) w.write(p.ts, static_cast<std::uint32_t>(p.bytes.size()), p.bytes);
    w.flush();
  }
  std::fclose(mem);
  {
    PacketFileReader r(Bytes(reinterpret_cast<const std::byte*>(buf), len), "rt");
    Record rec;
    for (const auto& p : pieces) {
      if (r.next(rec) != PacketFileReader::Next::kRecord) __builtin_trap();
      if (to_ns(rec.ts) != p.ts || rec.data.size() != p.bytes.size()) __builtin_trap();
      if (!p.bytes.empty() && std::memcmp(rec.data.data(), p.bytes.data(), p.bytes.size()) != 0)
        __builtin_trap();
    }
    if (r.next(rec) != PacketFileReader::Next::kEnd) __builtin_trap();
  }
  std::free(buf);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  round_trip(data, size, true);
  round_trip(data, size, false);
  return 0;
}
