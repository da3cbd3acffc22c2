// Test helper: builds Ethernet/IPv4/TCP/UDP frames and pcap/pcapng files in memory.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace sockscope::testing {

using Frame = std::vector<std::uint8_t>;

inline void put16(Frame& f, std::uint16_t v) {
  f.push_back(static_cast<std::uint8_t>(v >> 8));
  f.push_back(static_cast<std::uint8_t>(v));
}
inline void put32(Frame& f, std::uint32_t v) {
  put16(f, static_cast<std::uint16_t>(v >> 16));
  put16(f, static_cast<std::uint16_t>(v));
}
inline void put32le(Frame& f, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) f.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

inline Frame tcp_segment(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq,
                         std::uint32_t ack, std::uint8_t flags, const std::string& payload = "",
                         const Frame& options = {}) {
  Frame t;
  put16(t, sport);
  put16(t, dport);
  put32(t, seq);
  put32(t, ack);
  t.push_back(static_cast<std::uint8_t>(((20 + options.size()) / 4) << 4));
  t.push_back(flags);
  put16(t, 512);
  put16(t, 0);
  put16(t, 0);
  t.insert(t.end(), options.begin(), options.end());
  t.insert(t.end(), payload.begin(), payload.end());
  return t;
}

inline Frame udp_datagram(std::uint16_t sport, std::uint16_t dport, const std::string& payload) {
  Frame u;
  put16(u, sport);
  put16(u, dport);
  put16(u, static_cast<std::uint16_t>(8 + payload.size()));
  put16(u, 0);
  u.insert(u.end(), payload.begin(), payload.end());
  return u;
}

inline Frame ipv4(std::uint8_t proto, const Frame& l4, std::uint8_t last_src = 1,
                  std::uint8_t last_dst = 2) {
  Frame ip = {0x45, 0};
  put16(ip, static_cast<std::uint16_t>(20 + l4.size()));
  put16(ip, 1);
  put16(ip, 0x4000);
  ip.push_back(64);
  ip.push_back(proto);
  put16(ip, 0);
  const Frame net = {192, 0, 2};
  ip.insert(ip.end(), net.begin(), net.end());
  ip.push_back(last_src);
  ip.insert(ip.end(), net.begin(), net.end());
  ip.push_back(last_dst);
  ip.insert(ip.end(), l4.begin(), l4.end());
  return ip;
}

inline Frame ethernet(const Frame& payload, std::uint16_t type = 0x0800) {
  Frame e = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1};
  put16(e, type);
  e.insert(e.end(), payload.begin(), payload.end());
  return e;
}

// A classic little-endian microsecond pcap holding `frames` (1 ms apart).
inline std::vector<std::uint8_t> pcap_file(const std::vector<Frame>& frames,
                                           std::uint32_t linktype = 1) {
  std::vector<std::uint8_t> f;
  put32le(f, 0xa1b2c3d4);
  put32le(f, 0x00040002);  // version 2.4
  put32le(f, 0);
  put32le(f, 0);
  put32le(f, 65535);
  put32le(f, linktype);
  std::uint32_t usec = 0;
  for (const Frame& fr : frames) {
    put32le(f, 1700000000);
    put32le(f, usec += 1000);
    put32le(f, static_cast<std::uint32_t>(fr.size()));
    put32le(f, static_cast<std::uint32_t>(fr.size()));
    f.insert(f.end(), fr.begin(), fr.end());
  }
  return f;
}

// A little-endian pcapng with one Ethernet interface whose if_tsresol is `tsresol`, one
// Enhanced Packet Block per (frame, raw 64-bit timestamp).
inline std::vector<std::uint8_t> pcapng_file(
    const std::vector<std::pair<Frame, std::uint64_t>>& packets, std::uint8_t tsresol) {
  std::vector<std::uint8_t> f;
  auto block = [&f](std::uint32_t type, Frame body) {
    body.resize((body.size() + 3) / 4 * 4, 0);
    auto total = static_cast<std::uint32_t>(12 + body.size());
    put32le(f, type);
    put32le(f, total);
    f.insert(f.end(), body.begin(), body.end());
    put32le(f, total);
  };
  Frame shb;
  put32le(shb, 0x1a2b3c4d);
  put32le(shb, 1);  // version 1.0
  put32le(shb, 0xffffffff);
  put32le(shb, 0xffffffff);  // section length unknown
  block(0x0a0d0d0a, shb);
  Frame idb;
  put32le(idb, 1);  // Ethernet, reserved 0
  put32le(idb, 65535);
  put32le(idb, 0x00010009);  // if_tsresol, length 1
  put32le(idb, tsresol);
  put32le(idb, 0);  // opt_endofopt
  block(1, idb);
  for (const auto& [frame, ticks] : packets) {
    Frame epb;
    put32le(epb, 0);
    put32le(epb, static_cast<std::uint32_t>(ticks >> 32));
    put32le(epb, static_cast<std::uint32_t>(ticks));
    put32le(epb, static_cast<std::uint32_t>(frame.size()));
    put32le(epb, static_cast<std::uint32_t>(frame.size()));
    epb.insert(epb.end(), frame.begin(), frame.end());
    block(6, epb);
  }
  return f;
}

inline std::span<const std::byte> as_bytes(const std::vector<std::uint8_t>& v) {
  return {reinterpret_cast<const std::byte*>(v.data()), v.size()};
}

}  // namespace sockscope::testing
