#include "capture/packet_file.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "capture/capture_writer.h"
#include "capture/packet_decoder.h"
#include "capture/pcapng_options.h"
#include "core/error.h"
#include "packet_builder.h"

namespace sockscope::capture {
namespace {

using testing::as_bytes;
using testing::Frame;

TEST(PacketFileReader, ReadsClassicPcap) {
  auto file = testing::pcap_file(
      {testing::ethernet(testing::ipv4(17, testing::udp_datagram(1, 2, "hi"))),
       testing::ethernet(testing::ipv4(17, testing::udp_datagram(1, 2, "there")))});
  PacketFileReader reader(as_bytes(file), "mem");
  Record r;
  ASSERT_EQ(reader.next(r), PacketFileReader::Next::kRecord);
  EXPECT_EQ(r.caplen, 14u + 20 + 8 + 2);
  EXPECT_EQ(r.linktype, 1u);
  EXPECT_EQ(r.ts, (Timestamp{1700000000, 1000000}));
  ASSERT_EQ(reader.next(r), PacketFileReader::Next::kRecord);
  EXPECT_EQ(reader.next(r), PacketFileReader::Next::kEnd);
  EXPECT_EQ(reader.records_read(), 2u);
}

TEST(PacketFileReader, CutShortFileNamesThePacket) {
  auto file = testing::pcap_file(
      {testing::ethernet(testing::ipv4(17, testing::udp_datagram(1, 2, "hi"))),
       testing::ethernet(testing::ipv4(17, testing::udp_datagram(1, 2, "there")))});
  file.resize(file.size() - 3);
  PacketFileReader reader(as_bytes(file), "x.pcap");
  Record r;
  ASSERT_EQ(reader.next(r), PacketFileReader::Next::kRecord);
  ASSERT_EQ(reader.next(r), PacketFileReader::Next::kError);
  EXPECT_NE(reader.error().find("packet 2"), std::string::npos) << reader.error();
  EXPECT_NE(reader.error().find("cut short"), std::string::npos);
  EXPECT_EQ(reader.next(r), PacketFileReader::Next::kError);  // stays failed
}

TEST(PacketFileReader, RejectsNonCaptureFiles) {
  std::vector<std::uint8_t> text = {'h', 'e', 'l', 'l', 'o', '\n'};
  EXPECT_THROW(PacketFileReader(as_bytes(text), "t"), Error);
  std::vector<std::uint8_t> tiny = {1};
  EXPECT_THROW(PacketFileReader(as_bytes(tiny), "t"), Error);
}

TEST(PacketFileReader, AbsurdRecordLengthIsCorruptNotACrash) {
  auto file =
      testing::pcap_file({testing::ethernet(testing::ipv4(17, testing::udp_datagram(1, 2, "hi")))});
  file[24 + 8] = 0xff;   // caplen low byte
  file[24 + 11] = 0x7f;  // caplen high byte
  PacketFileReader reader(as_bytes(file), "x.pcap");
  Record r;
  EXPECT_EQ(reader.next(r), PacketFileReader::Next::kError);
  EXPECT_NE(reader.error().find("packet 1"), std::string::npos);
}

// Through a file: the reader's buffer starts at 1 MiB, keeps the unread tail at its front
// and grows (copying what it holds) for a record larger than itself. Every record's bytes
// must come back as written, across the block edges and each growth.
TEST(PacketFileReader, RecordsAcrossBlocksAndGrowthThroughAFile) {
  std::vector<Frame> frames;
  for (std::size_t size : {100u, 700000u, 1500000u, 3u << 20, 60u, 80u}) {
    Frame f(size);
    for (std::size_t i = 0; i < size; ++i) f[i] = static_cast<std::uint8_t>(i * 7 + size);
    frames.push_back(std::move(f));
  }
  const auto file = testing::pcap_file(frames);
  char path[] = "/tmp/sockscope-packet-file-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  std::FILE* out = fdopen(fd, "wb");
  ASSERT_EQ(std::fwrite(file.data(), 1, file.size(), out), file.size());
  std::fclose(out);
  std::size_t n = 0;
  const std::string error = for_each_record(path, [&](const Record& r) {
    const Frame& want = frames.at(n++);
    EXPECT_EQ(r.caplen, want.size());
    EXPECT_TRUE(r.data.size() == want.size() &&
                std::memcmp(r.data.data(), want.data(), want.size()) == 0)
        << "record " << n;
    return true;
  });
  std::remove(path);
  EXPECT_EQ(error, "");
  EXPECT_EQ(n, frames.size());
}

// Round trip through our pcapng writer (SHB, IDB with name and tsresol, EPBs).
TEST(PacketFileReader, ReadsWhatOurPcapngWriterWrites) {
  char* buf = nullptr;
  std::size_t size = 0;
  std::FILE* mem = open_memstream(&buf, &size);
  Frame frame_a =
      testing::ethernet(testing::ipv4(6, testing::tcp_segment(1, 2, 3, 4, 0x18, "abc")));
  Frame frame_b = {1, 2, 3};  // odd length: padding must be right
  {
    WriterInterface iface;
    iface.name = "veth-test";
    CaptureWriter writer(mem, true, iface);
    writer.write(1700000000123456789LL, 100, as_bytes(frame_a));
    writer.write(1700000001000000001LL, 3, as_bytes(frame_b));
    writer.flush();
  }
  std::fclose(mem);
  std::vector<std::uint8_t> file(buf, buf + size);
  std::free(buf);
  PacketFileReader reader(as_bytes(file), "mem.pcapng");
  EXPECT_EQ(reader.format(), FileFormat::kPcapng);
  Record r;
  ASSERT_EQ(reader.next(r), PacketFileReader::Next::kRecord);
  ASSERT_EQ(reader.interfaces().size(), 1u);
  EXPECT_EQ(reader.interfaces()[0].name, "veth-test");
  EXPECT_EQ(r.ts, (Timestamp{1700000000, 123456789}));
  EXPECT_EQ(r.len, 100u);
  EXPECT_EQ(r.time_digits, 9);
  EXPECT_TRUE(
      std::equal(r.data.begin(), r.data.end(), as_bytes(frame_a).begin(), as_bytes(frame_a).end()));
  ASSERT_EQ(reader.next(r), PacketFileReader::Next::kRecord);
  EXPECT_EQ(r.caplen, 3u);
  EXPECT_EQ(r.ts, (Timestamp{1700000001, 1}));
  EXPECT_EQ(reader.next(r), PacketFileReader::Next::kEnd);
}

// A big-endian section whose one packet has a comment, the flags word and a packet ID.
std::vector<std::uint8_t> big_endian_pcapng_with_options() {
  std::vector<std::uint8_t> f;
  const auto u32 = [&f](std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) f.push_back(static_cast<std::uint8_t>(v >> shift));
  };
  const auto u16 = [&f](std::uint16_t v) {
    f.push_back(static_cast<std::uint8_t>(v >> 8));
    f.push_back(static_cast<std::uint8_t>(v));
  };
  u32(0x0A0D0D0A), u32(28), u32(0x1A2B3C4D), u16(1), u16(0), u32(0xffffffff), u32(0xffffffff);
  u32(28);
  u32(1), u32(20), u16(1), u16(0), u32(65535), u32(20);
  // EPB: 28 header bytes, 4 data bytes, options 8 (comment "hi") + 8 (flags) + 12 (ID)
  // + 4 (end), 4 trailing length
  const std::uint32_t total = 28 + 4 + 8 + 8 + 12 + 4 + 4;
  u32(6), u32(total), u32(0), u32(0), u32(1), u32(4), u32(4);
  u32(0xdeadbeef);
  u16(1), u16(2), f.push_back('h'), f.push_back('i'), u16(0);
  u16(2), u16(4), u32(0x00000001);
  u16(5), u16(8), u32(0), u32(77);
  u16(0), u16(0);
  u32(total);
  return f;
}

TEST(PacketFileReader, PcapngPacketOptionsInTheSectionsByteOrder) {
  const std::vector<std::uint8_t> file = big_endian_pcapng_with_options();
  PacketFileReader reader(as_bytes(file), "options.pcapng");
  Record r;
  ASSERT_EQ(reader.next(r), PacketFileReader::Next::kRecord);
  EXPECT_TRUE(r.options_big_endian);
  PacketDecoder decoder;
  Packet p;
  decoder.decode(r, p);
  std::string comments;
  for_each_pcapng_option(p, [&](std::uint16_t code, Bytes v) {
    if (code == kOptComment) comments.append(reinterpret_cast<const char*>(v.data()), v.size());
    return true;
  });
  EXPECT_EQ(comments, "hi");
  EXPECT_TRUE(pcapng_has_comment(p));
  std::uint64_t flags = 0, id = 0;
  ASSERT_TRUE(pcapng_number_option(p, kOptEpbFlags, 4, flags));
  EXPECT_EQ(flags, 1u);
  ASSERT_TRUE(pcapng_number_option(p, kOptEpbPacketId, 8, id));
  EXPECT_EQ(id, 77u);
  EXPECT_FALSE(pcapng_number_option(p, kOptEpbDropCount, 8, id));
  EXPECT_EQ(reader.next(r), PacketFileReader::Next::kEnd);
}

}  // namespace
}  // namespace sockscope::capture
