#include "capture/follow.h"

#include <algorithm>
#include <cstdio>

#include "capture/tcp_seq.h"
#include "capture/text_out.h"
#include "core/error.h"

namespace sockscope::capture {
namespace {

Bytes as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

}  // namespace

FollowFormat parse_follow_format(const std::string& text) {
  if (text == "ascii") return FollowFormat::kAscii;
  if (text == "hex") return FollowFormat::kHex;
  if (text == "raw") return FollowFormat::kRaw;
  throw usage_error("bad follow format '" + text + "': use ascii, hex or raw");
}

void TcpReassembler::add(const Packet& p, int node, const ChunkSink& sink) {
  const TcpHeader& t = p.tcp;
  std::uint32_t sequence = p.tcpa.rel_seq;
  std::uint32_t length = p.payload_len;
  std::size_t offset = 0;
  std::size_t data_length = p.payload.size();
  if (t.flags & kSyn) ++sequence;
  const int other = 1 - node;
  // This packet may acknowledge past a hole in the other direction's data.
  const std::uint32_t ack = (t.flags & kAck) ? p.tcpa.rel_ack : t.ack;
  while (!fragments_[other].empty() && check_fragments(other, ack, true, sink)) {
  }
  if (written_[node] == 0 && seq_[node] == 0) seq_[node] = sequence;
  if (seq_lt(sequence, seq_[node])) {
    std::uint32_t nextseq = sequence + length;
    if (seq_gt(nextseq, seq_[node])) {
      offset = seq_[node] - sequence;
      data_length = data_length <= offset ? 0 : data_length - offset;
      sequence = seq_[node];
      length = nextseq - seq_[node];
    }
  }
  if (data_length == 0 || seq_lt(sequence, seq_[node])) return;
  Bytes data = p.payload.subspan(offset, data_length);
  if (sequence == seq_[node]) {
    seq_[node] += length;
    written_[node] += data.size();
    sink(node, data);
    while (check_fragments(node, 0, false, sink)) {
    }
  } else {
    fragments_[node].push_back(
        {sequence, std::string(reinterpret_cast<const char*>(data.data()), data.size())});
  }
}

bool TcpReassembler::check_fragments(int node, std::uint32_t acknowledged, bool use_ack,
                                     const ChunkSink& sink) {
  auto& list = fragments_[node];
  if (list.empty()) return false;
  std::uint32_t lowest = list.front().seq;
  for (std::size_t i = 0; i < list.size(); ++i) {
    Fragment& f = list[i];
    if (seq_gt(lowest, f.seq)) lowest = f.seq;
    if (seq_lt(f.seq, seq_[node])) {
      auto newseq = static_cast<std::uint32_t>(f.seq + f.data.size());
      if (seq_gt(newseq, seq_[node])) {
        std::uint32_t new_pos = seq_[node] - f.seq;
        if (f.data.size() > new_pos) {
          std::string fresh = f.data.substr(new_pos);
          written_[node] += fresh.size();
          sink(node, as_bytes(fresh));
        }
        seq_[node] += static_cast<std::uint32_t>(f.data.size()) - new_pos;
      }
      list.erase(list.begin() + static_cast<std::ptrdiff_t>(i));
      return true;
    }
    if (f.seq == seq_[node]) {
      std::string data = std::move(f.data);
      list.erase(list.begin() + static_cast<std::ptrdiff_t>(i));
      if (!data.empty()) {
        written_[node] += data.size();
        sink(node, as_bytes(data));
      }
      seq_[node] += static_cast<std::uint32_t>(data.size());
      return true;
    }
  }
  if (use_ack && seq_gt(acknowledged, lowest)) {
    // Bytes the receiver got but the capture missed (Wireshark's marker, NUL included).
    std::uint32_t missing = lowest - seq_[node];
    char text[64];
    int n = std::snprintf(text, sizeof text, "[%d bytes missing in capture file]",
                          static_cast<std::int32_t>(missing));
    std::string marker(text,
                       static_cast<std::size_t>(n) + 1);  // with its NUL, as Wireshark writes it
    missing_[node] += missing;
    ++gaps_[node];
    seq_[node] = lowest;
    sink(node, as_bytes(marker));
    return true;
  }
  return false;
}

FollowFormatter::FollowFormatter(FollowFormat format, bool tcp, std::int64_t stream,
                                 const net::IpEndpoint* node0, const net::IpEndpoint* node1)
    : format_(format), tcp_(tcp), stream_(stream) {
  // tshark prints ":0" for a stream that does not exist.
  node_[0] = node0 ? node0->to_string() : ":0";
  node_[1] = node1 ? node1->to_string() : ":0";
}

void FollowFormatter::header(std::string& out) const {
  static const char* names[] = {"ascii", "hex", "raw"};
  const char* proto = tcp_ ? "tcp" : "udp";
  out.append("\n===================================================================\n");
  char line[128];
  std::snprintf(line, sizeof line, "Follow: %s,%s\nFilter: %s.stream eq %lld\n", proto,
                names[static_cast<int>(format_)], proto, static_cast<long long>(stream_));
  out.append(line);
  out.append("Node 0: ");
  out.append(node_[0]);
  out.append("\nNode 1: ");
  out.append(node_[1]);
  out.push_back('\n');
}

void FollowFormatter::footer(std::string& out) {
  out.append("===================================================================\n");
}

void FollowFormatter::chunk(std::string& out, int node, Bytes data) {
  const char* prefix = node == 1 ? "\t" : "";
  switch (format_) {
    case FollowFormat::kAscii:
      out.append(prefix);
      append_u64(out, data.size());
      out.push_back('\n');
      for (std::byte b : data) {
        auto c = static_cast<unsigned char>(b);
        out.push_back((c == '\r' || c == '\n' || (c >= 0x20 && c < 0x7f)) ? static_cast<char>(c)
                                                                          : '.');
      }
      out.push_back('\n');
      break;
    case FollowFormat::kRaw:
      out.append(prefix);
      for (std::byte b : data) append_hex(out, static_cast<std::uint8_t>(b), 2);
      out.push_back('\n');
      break;
    case FollowFormat::kHex: {
      static const char* upper = "0123456789ABCDEF";
      static const char* lower = "0123456789abcdef";
      std::uint32_t offset = offset_[node];
      for (std::size_t i = 0; i < data.size(); i += 16) {
        char line[80];
        std::fill(std::begin(line), std::end(line), ' ');
        for (int k = 0; k < 8; ++k) line[k] = upper[(offset >> (4 * (7 - k))) & 0xf];
        std::size_t hex = 10, asc = 60;
        std::size_t end = std::min(data.size(), i + 16);
        for (std::size_t j = i; j < end; ++j) {
          auto v = static_cast<unsigned char>(data[j]);
          line[hex++] = lower[v >> 4];
          line[hex++] = lower[v & 0xf];
          ++hex;
          line[asc++] = (v >= 0x20 && v < 0x7f) ? static_cast<char>(v) : '.';
          if ((j - i + 1) == 8) {
            ++hex;
            line[asc++] = ' ';
          }
        }
        if (line[asc - 1] == ' ') --asc;
        out.append(prefix);
        out.append(line, asc);
        out.push_back('\n');
        offset += 16;
      }
      offset_[node] += static_cast<std::uint32_t>(data.size());
      break;
    }
  }
}

}  // namespace sockscope::capture
