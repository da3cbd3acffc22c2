// The shared decode -> filter -> print path and the block reader under it: a capture
// read through a pipe that delivers it in odd-sized pieces (records straddle every read)
// prints exactly what the same bytes in memory print; -Y, -c and -T json behave as
// `read` documents; a cut-short pipe reports the packet.
#include "capture/packet_printer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "capture/packet_stream.h"
#include "packet_builder.h"

namespace sockscope::capture {
namespace {

std::vector<std::uint8_t> sample_file() {
  std::vector<testing::Frame> frames;
  for (int i = 0; i < 300; ++i)
    frames.push_back(testing::ethernet(testing::ipv4(
        17, testing::udp_datagram(static_cast<std::uint16_t>(1000 + i % 3), 53,
                                  std::string(static_cast<std::size_t>(i % 40), 'x')))));
  return testing::pcap_file(frames);
}

// Runs `bytes` through print_file via a pipe fed `piece` bytes at a time by a thread;
// returns the printed text and puts the damage message in `damage`. The files here are
// smaller than a pipe's buffer (64 KiB), so the writer finishes even when -c stops the
// reader early.
std::string print_through_pipe(const std::vector<std::uint8_t>& bytes, std::size_t piece,
                               PacketPrinter& printer, std::string& damage) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  std::thread writer([&] {
    for (std::size_t at = 0; at < bytes.size(); at += piece) {
      std::size_t n = std::min(piece, bytes.size() - at);
      if (::write(fds[1], bytes.data() + at, n) != static_cast<ssize_t>(n)) break;
    }
    ::close(fds[1]);
  });
  std::string out;
  damage = print_file("/dev/fd/" + std::to_string(fds[0]), printer, [&out](std::string& text) {
    out += text;
    text.clear();
  });
  writer.join();
  ::close(fds[0]);
  return out;
}

std::string print_through_pipe(const std::vector<std::uint8_t>& bytes, std::size_t piece,
                               const PrintOptions& options, std::string& damage) {
  PacketPrinter printer(options);
  return print_through_pipe(bytes, piece, printer, damage);
}

std::string print_in_memory(const std::vector<std::uint8_t>& bytes, const PrintOptions& options) {
  PacketStream stream(testing::as_bytes(bytes), "mem");
  DisplayFilter filter = DisplayFilter::compile(options.filter);
  std::string out;
  Packet p;
  SummaryOptions summary;
  while (stream.next(p))
    if (filter.matches(p)) {
      summary.time_digits = stream.time_digits();
      append_summary(out, p, summary);
    }
  return out;
}

TEST(PacketPrinter, PipeInOddPiecesPrintsWhatMemoryPrints) {
  auto file = sample_file();
  std::string damage;
  PrintOptions options;
  std::string expected = print_in_memory(file, options);
  for (std::size_t piece : {1u, 7u, 61u, 4096u}) {
    EXPECT_EQ(print_through_pipe(file, piece, options, damage), expected) << "piece " << piece;
    EXPECT_EQ(damage, "");
  }
  EXPECT_EQ(std::count(expected.begin(), expected.end(), '\n'), 300);
}

TEST(PacketPrinter, FilterAndCountSelectWhatReadDocuments) {
  auto file = sample_file();
  std::string damage;
  PrintOptions options;
  options.filter = "udp.srcport == 1001";
  std::string all = print_through_pipe(file, 100, options, damage);
  EXPECT_EQ(all, print_in_memory(file, options));
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 100);
  options.count = 3;
  std::string three = print_through_pipe(file, 100, options, damage);
  EXPECT_EQ(three, all.substr(0, all.find('\n', all.find('\n', all.find('\n') + 1) + 1) + 1));
}

TEST(PacketPrinter, JsonIsOneArrayAndMatchesAreReported) {
  auto file = sample_file();
  PrintOptions options;
  options.view = PacketView::kJson;
  options.filter = "udp.srcport == 1002";
  options.count = 2;
  PacketPrinter printer(options);
  std::vector<std::uint32_t> frames;
  printer.on_match([&frames](const Packet& p) { frames.push_back(p.number); });
  std::string damage;
  std::string out = print_through_pipe(file, 500, printer, damage);
  EXPECT_EQ(frames, (std::vector<std::uint32_t>{3, 6}));
  EXPECT_EQ(printer.shown(), 2u);
  EXPECT_EQ(out.substr(0, 2), "[\n");
  EXPECT_EQ(out.substr(out.size() - 3), "\n]\n");
  EXPECT_NE(out.find("\"number\":3"), std::string::npos) << out;
  EXPECT_NE(out.find("},\n{"), std::string::npos);
}

TEST(PacketPrinter, CutShortPipeNamesThePacket) {
  auto file = sample_file();
  file.resize(file.size() - 5);
  std::string damage;
  std::string out = print_through_pipe(file, 33, {}, damage);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 299);
  EXPECT_NE(damage.find("packet 300: the file ends inside the packet data (cut short)"),
            std::string::npos)
      << damage;
}

}  // namespace
}  // namespace sockscope::capture
