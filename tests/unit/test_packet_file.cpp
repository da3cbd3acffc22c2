#include "capture/packet_file.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "capture/capture_writer.h"
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

}  // namespace
}  // namespace sockscope::capture
