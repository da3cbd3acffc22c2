// Fuzzes the pcap/pcapng reader and everything behind it: dissectors, stream tracker
// (with the ACK analysis -V turns on), summary lines, -V details and TCP follow reassembly. Any
// bytes must end in records or a "packet N: ..." error, never a crash or a read out of bounds.
#include <string>

#include "capture/follow.h"
#include "capture/packet_detail.h"
#include "capture/packet_stream.h"
#include "capture/summary.h"
#include "core/error.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sockscope::capture;
  Bytes bytes(reinterpret_cast<const std::byte*>(data), size);
  try {
    PacketStream stream(bytes, "fuzz");
    stream.set_ack_analysis(true);
    Packet p;
    std::string out;
    TcpReassembler reassembler;
    FollowFormatter formatter(FollowFormat::kHex, true, 0, nullptr, nullptr);
    ChunkSink sink = [&](int node, Bytes chunk) { formatter.chunk(out, node, chunk); };
    while (stream.next(p)) {
      append_summary(out, p, {});
      append_details(out, p, {});
      if (p.has(kProtoTcp) && p.stream == 0) reassembler.add(p, stream.direction(), sink);
      out.clear();
    }
    if (!stream.error().empty() && stream.error().find("packet ") == std::string::npos)
      __builtin_trap();
  } catch (const sockscope::Error& e) {
    if (e.code() != sockscope::ExitCode::kUsage) __builtin_trap();
  }
  return 0;
}
