// Drivers for follow: one stream, or every stream of a file in a single pass.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "capture/follow.h"
#include "capture/packet_stream.h"
#include "core/error.h"

namespace sockscope::capture {

FollowResult follow_stream(const std::string& path, const FollowRequest& request) {
  PacketStream stream(path);
  FollowResult result;
  std::string body;
  TcpReassembler reassembler;
  std::unique_ptr<FollowFormatter> formatter;
  const net::IpEndpoint* nodes[2] = {nullptr, nullptr};
  Packet p;
  auto make_formatter = [&] {
    const StreamInfo& info =
        request.tcp ? stream.tracker().tcp_stream(static_cast<std::int32_t>(request.stream))
                    : stream.tracker().udp_stream(static_cast<std::int32_t>(request.stream));
    nodes[0] = &info.node[0];
    nodes[1] = &info.node[1];
    formatter = std::make_unique<FollowFormatter>(request.format, request.tcp, request.stream,
                                                  nodes[0], nodes[1]);
  };
  ChunkSink sink = [&](int node, Bytes data) {
    result.bytes[node] += data.size();
    formatter->chunk(body, node, data);
  };
  while (stream.next(p)) {
    if (p.stream != request.stream) continue;
    if (request.tcp ? !p.has(kProtoTcp) : !p.has(kProtoUdp)) continue;
    if (!formatter) make_formatter();
    int node = stream.direction();
    if (request.tcp) {
      reassembler.add(p, node, sink);
    } else if (!p.payload.empty()) {
      sink(node, p.payload);
    }
  }
  result.error = stream.error();
  result.found = formatter != nullptr;
  if (!formatter)
    formatter = std::make_unique<FollowFormatter>(request.format, request.tcp, request.stream,
                                                  nullptr, nullptr);
  formatter->header(result.text);
  result.text.append(body);
  FollowFormatter::footer(result.text);
  result.missing[0] = reassembler.missing_bytes(0);
  result.missing[1] = reassembler.missing_bytes(1);
  return result;
}

namespace {

// One stream's output on its way to DIR: buffered, appended to its file in large pieces.
struct StreamOutput {
  std::unique_ptr<FollowFormatter> formatter;
  TcpReassembler reassembler;
  std::string buffer;
  std::string path;
  bool created = false;

  void flush() {
    if (buffer.empty() && created) return;
    std::FILE* f = std::fopen(path.c_str(), created ? "ab" : "wb");
    if (f == nullptr) throw usage_error("cannot write '" + path + "': " + std::strerror(errno));
    std::fwrite(buffer.data(), 1, buffer.size(), f);
    std::fclose(f);
    created = true;
    buffer.clear();
  }
};

}  // namespace

FollowAllResult follow_all(const std::string& path, FollowFormat format, const std::string& dir) {
  PacketStream stream(path);
  std::vector<std::unique_ptr<StreamOutput>> outputs[2];  // [0] tcp, [1] udp
  Packet p;
  while (stream.next(p)) {
    const bool tcp = p.has(kProtoTcp);
    if (!tcp && !p.has(kProtoUdp)) continue;
    if (p.stream < 0) continue;
    auto& list = outputs[tcp ? 0 : 1];
    auto index = static_cast<std::size_t>(p.stream);
    if (index >= list.size()) list.resize(index + 1);
    if (!list[index]) {
      auto out = std::make_unique<StreamOutput>();
      const StreamInfo& info =
          tcp ? stream.tracker().tcp_stream(p.stream) : stream.tracker().udp_stream(p.stream);
      out->formatter =
          std::make_unique<FollowFormatter>(format, tcp, p.stream, &info.node[0], &info.node[1]);
      out->formatter->header(out->buffer);
      out->path =
          dir + "/" + (tcp ? "tcp" : "udp") + "-stream-" + std::to_string(p.stream) + ".txt";
      list[index] = std::move(out);
    }
    StreamOutput& out = *list[index];
    int node = stream.direction();
    ChunkSink sink = [&out](int n, Bytes data) { out.formatter->chunk(out.buffer, n, data); };
    if (tcp) {
      out.reassembler.add(p, node, sink);
    } else if (!p.payload.empty()) {
      sink(node, p.payload);
    }
    if (out.buffer.size() > (256u << 10)) out.flush();
  }
  FollowAllResult result;
  for (int k = 0; k < 2; ++k)
    for (auto& out : outputs[k]) {
      if (!out) continue;
      FollowFormatter::footer(out->buffer);
      out->flush();
    }
  result.tcp_streams = outputs[0].size();
  result.udp_streams = outputs[1].size();
  result.error = stream.error();
  return result;
}

}  // namespace sockscope::capture
