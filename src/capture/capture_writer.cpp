#include "capture/capture_writer.h"

#include <bit>
#include <cerrno>
#include <cstring>
#include <vector>

#include "core/error.h"

namespace sockscope::capture {

// Record headers are written from host-order integers next to little-endian file headers.
static_assert(std::endian::native == std::endian::little,
              "capture_writer assumes a little-endian host");

namespace {

void append_u16(std::vector<std::uint8_t>& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}
void append_u32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void pad4(std::vector<std::uint8_t>& b) {
  while (b.size() % 4 != 0) b.push_back(0);
}
// Wraps a block body in type + total length ... total length.
std::vector<std::uint8_t> block(std::uint32_t type, std::vector<std::uint8_t> body) {
  pad4(body);
  std::vector<std::uint8_t> out;
  auto total = static_cast<std::uint32_t>(body.size() + 12);
  append_u32(out, type);
  append_u32(out, total);
  out.insert(out.end(), body.begin(), body.end());
  append_u32(out, total);
  return out;
}

}  // namespace

bool CaptureWriter::is_pcapng_name(const std::string& path) {
  return path.size() >= 7 && path.compare(path.size() - 7, 7, ".pcapng") == 0;
}

CaptureWriter::CaptureWriter(const std::string& path, const WriterInterface& iface)
    : owned_(true), pcapng_(is_pcapng_name(path)), iface_(iface), path_(path) {
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) throw usage_error("cannot create '" + path + "': " + std::strerror(errno));
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
  write_header();
}

CaptureWriter::CaptureWriter(std::FILE* stream, bool pcapng, const WriterInterface& iface)
    : file_(stream), owned_(false), pcapng_(pcapng), iface_(iface) {
  write_header();
}

CaptureWriter::~CaptureWriter() {
  if (file_ != nullptr) {
    std::fflush(file_);
    if (owned_) std::fclose(file_);
  }
}

void CaptureWriter::put(const void* data, std::size_t n) {
  if (std::fwrite(data, 1, n, file_) != n)
    throw Error(ExitCode::kInternal, "cannot write '" + path_ + "': " + std::strerror(errno));
}

void CaptureWriter::write_header() {
  if (!pcapng_) {
    std::vector<std::uint8_t> h;
    append_u32(h, 0xa1b2c3d4);
    append_u16(h, 2);
    append_u16(h, 4);
    append_u32(h, 0);
    append_u32(h, 0);
    append_u32(h, iface_.snaplen);
    append_u32(h, iface_.linktype);
    put(h.data(), h.size());
    return;
  }
  std::vector<std::uint8_t> shb;
  append_u32(shb, 0x1a2b3c4d);
  append_u16(shb, 1);
  append_u16(shb, 0);
  append_u32(shb, 0xffffffff);  // section length unknown (-1)
  append_u32(shb, 0xffffffff);
  // shb_userappl
  std::string app = "sockscope";
  append_u16(shb, 4);
  append_u16(shb, static_cast<std::uint16_t>(app.size()));
  shb.insert(shb.end(), app.begin(), app.end());
  pad4(shb);
  append_u32(shb, 0);  // opt_endofopt
  auto b = block(0x0a0d0d0a, shb);
  put(b.data(), b.size());

  std::vector<std::uint8_t> idb;
  append_u16(idb, static_cast<std::uint16_t>(iface_.linktype));
  append_u16(idb, 0);
  append_u32(idb, iface_.snaplen);
  if (!iface_.name.empty()) {
    append_u16(idb, 2);  // if_name
    append_u16(idb, static_cast<std::uint16_t>(iface_.name.size()));
    idb.insert(idb.end(), iface_.name.begin(), iface_.name.end());
    pad4(idb);
  }
  append_u16(idb, 9);  // if_tsresol
  append_u16(idb, 1);
  idb.push_back(iface_.nanoseconds ? 9 : 6);
  pad4(idb);
  append_u32(idb, 0);  // opt_endofopt
  b = block(1, idb);
  put(b.data(), b.size());
}

void CaptureWriter::write(std::int64_t ts_ns, std::uint32_t original_len, Bytes data) {
  auto caplen = static_cast<std::uint32_t>(data.size());
  if (!pcapng_) {
    std::uint32_t h[4] = {static_cast<std::uint32_t>(ts_ns / 1000000000),
                          static_cast<std::uint32_t>((ts_ns % 1000000000) / 1000), caplen,
                          original_len};
    put(h, sizeof h);  // host order matches the magic we wrote (little-endian hosts)
    put(data.data(), data.size());
  } else {
    std::uint64_t ts = iface_.nanoseconds ? static_cast<std::uint64_t>(ts_ns)
                                          : static_cast<std::uint64_t>(ts_ns / 1000);
    std::uint32_t padded = (caplen + 3u) & ~3u;
    std::uint32_t total = 32 + padded;
    std::uint32_t h[7] = {6,
                          total,
                          0,
                          static_cast<std::uint32_t>(ts >> 32),
                          static_cast<std::uint32_t>(ts),
                          caplen,
                          original_len};
    put(h, sizeof h);
    put(data.data(), data.size());
    static const std::uint8_t zeros[4] = {0, 0, 0, 0};
    put(zeros, padded - caplen);
    put(&total, 4);
  }
  ++packets_;
}

void CaptureWriter::flush() {
  if (file_ != nullptr) std::fflush(file_);
}

}  // namespace sockscope::capture
