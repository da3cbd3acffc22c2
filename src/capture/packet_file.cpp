#include "capture/packet_file.h"

#include <algorithm>
#include <cstring>

#include "core/error.h"

namespace sockscope::capture {
namespace {

constexpr std::uint32_t kPcapMagicMicro = 0xa1b2c3d4;
constexpr std::uint32_t kPcapMagicNano = 0xa1b23c4d;
constexpr std::uint32_t kShb = 0x0a0d0d0a;
constexpr std::uint32_t kByteOrderMagic = 0x1a2b3c4d;
constexpr std::uint32_t kMaxRecord = 0x10000000;  // 256 MiB: no real packet is larger

std::uint32_t rd32(ByteReader& r, bool big) {
  return big ? r.u32() : r.u32le();
}
std::uint16_t rd16(ByteReader& r, bool big) {
  return big ? r.u16() : r.u16le();
}

int digits_of(std::uint8_t tsresol) {
  if (tsresol & 0x80) return (tsresol & 0x7f) > 20 ? 9 : 6;
  return tsresol > 6 ? 9 : 6;
}

}  // namespace

PacketFileReader::PacketFileReader(Bytes bytes, std::string name)
    : bytes_(bytes), name_(std::move(name)) {
  read_file_header();
}

PacketFileReader::PacketFileReader(FileSource& source) : name_(source.name()), source_(&source) {
  read_file_header();
}

bool PacketFileReader::refill(std::size_t n) {
  if (source_ == nullptr || source_ended_) return false;
  constexpr std::size_t kBlock = 1u << 20;
  std::size_t filled = bytes_.size() - pos_;
  if (pos_ > 0 && filled > 0) std::memmove(buffer_.get(), buffer_.get() + pos_, filled);
  pos_ = 0;
  while (filled < n) {
    // Grow only as data arrives, so a corrupt length cannot make us allocate it up front.
    if (filled == capacity_) {
      const std::size_t size = std::max(kBlock, std::min(n, 2 * capacity_));
      std::unique_ptr<std::byte[]> grown(new std::byte[size]);  // not zeroed: read() fills it
      if (filled > 0) std::memcpy(grown.get(), buffer_.get(), filled);
      buffer_ = std::move(grown);
      capacity_ = size;
    }
    std::size_t got = source_->read(buffer_.get() + filled, capacity_ - filled);
    if (got == 0) {
      source_ended_ = true;
      break;
    }
    filled += got;
  }
  bytes_ = Bytes(buffer_.get(), filled);
  return filled >= n;
}

void PacketFileReader::read_file_header() {
  ensure(24);
  ByteReader r(bytes_);
  std::uint32_t magic_le = r.u32le();
  if (!r.ok()) throw usage_error("'" + name_ + "' is not a capture file: too short");
  if (magic_le == kShb) {
    format_ = FileFormat::kPcapng;
    return;  // the SHB is read as the first block
  }
  std::uint32_t magic_be = (magic_le >> 24) | ((magic_le >> 8) & 0xff00) |
                           ((magic_le << 8) & 0xff0000) | (magic_le << 24);
  if (magic_le == kPcapMagicMicro || magic_le == kPcapMagicNano) {
    swapped_ = false;
    nanos_ = magic_le == kPcapMagicNano;
  } else if (magic_be == kPcapMagicMicro || magic_be == kPcapMagicNano) {
    swapped_ = true;
    nanos_ = magic_be == kPcapMagicNano;
  } else {
    throw usage_error("'" + name_ + "' is not a pcap or pcapng file (unknown magic number)");
  }
  r.skip(2 + 2 + 4 + 4);  // version, thiszone, sigfigs
  std::uint32_t snaplen = rd32(r, swapped_);
  std::uint32_t linktype = rd32(r, swapped_) & 0x03ffffff;
  if (!r.ok()) throw usage_error("'" + name_ + "': pcap file header is truncated");
  interfaces_.push_back({linktype, snaplen, "", static_cast<std::uint8_t>(nanos_ ? 9 : 6)});
  pos_ = 24;
}

PacketFileReader::Next PacketFileReader::fail(const std::string& why) {
  // A file cut short because someone truncated it as we read says so, not "corrupt".
  std::string shrank = source_ != nullptr && source_ended_ ? source_->shrank() : "";
  error_ = "'" + name_ + "': packet " + std::to_string(count_ + 1) + ": " +
           (shrank.empty() ? why : shrank);
  pos_ = bytes_.size();
  return Next::kError;
}

PacketFileReader::Next PacketFileReader::end_of_input() {
  if (source_ != nullptr && !source_->shrank().empty()) return fail("");
  return Next::kEnd;
}

PacketFileReader::Next PacketFileReader::next(Record& out) {
  if (!error_.empty()) return Next::kError;
  return format_ == FileFormat::kPcap ? next_pcap(out) : next_pcapng(out);
}

PacketFileReader::Next PacketFileReader::next_pcap(Record& out) {
  if (!ensure(16) && pos_ >= bytes_.size()) return end_of_input();
  ByteReader r(bytes_.subspan(pos_));
  std::uint32_t sec = rd32(r, swapped_);
  std::uint32_t frac = rd32(r, swapped_);
  std::uint32_t caplen = rd32(r, swapped_);
  std::uint32_t len = rd32(r, swapped_);
  if (!r.ok()) return fail("the file ends inside the record header (cut short)");
  if (caplen > kMaxRecord)
    return fail("record claims " + std::to_string(caplen) + " captured bytes (corrupt)");
  if (!ensure(16 + std::size_t{caplen}))
    return fail("the file ends inside the packet data (cut short)");
  r = ByteReader(bytes_.subspan(pos_ + 16));
  out.data = r.take(caplen);
  if (!r.ok()) return fail("the file ends inside the packet data (cut short)");
  // A corrupt fraction of a second or more carries into the seconds.
  const std::int64_t frac_ns = nanos_ ? std::int64_t{frac} : std::int64_t{frac} * 1000;
  out.ts = {std::int64_t{sec} + frac_ns / 1000000000,
            static_cast<std::int32_t>(frac_ns % 1000000000)};
  out.caplen = caplen;
  out.len = len < caplen ? caplen : len;
  out.linktype = interfaces_[0].linktype;
  out.interface_id = 0;
  out.pcapng = false;
  out.interface_name = {};
  out.options = {};
  out.time_digits = nanos_ ? 9 : 6;
  pos_ += 16 + caplen;
  ++count_;
  return Next::kRecord;
}

PacketFileReader::Next PacketFileReader::next_pcapng(Record& out) {
  while (ensure(12) || pos_ < bytes_.size()) {
    ByteReader head(bytes_.subspan(pos_));
    std::uint32_t type = head.u32le();
    if (type == kShb) {
      // The byte order is only known after the SHB's byte-order magic.
      if (bytes_.size() - pos_ < 12) return fail("the file ends inside a section header block");
      ByteReader bom_reader(bytes_.subspan(pos_ + 8));
      std::uint32_t bom = bom_reader.u32le();
      if (bom == kByteOrderMagic)
        swapped_ = false;
      else if (bom == 0x4d3c2b1a)
        swapped_ = true;
      else
        return fail("section header block has a bad byte-order magic (corrupt)");
      interfaces_.clear();
    }
    ByteReader r(bytes_.subspan(pos_));
    bool big = swapped_;
    type = rd32(r, big);
    std::uint32_t total = rd32(r, big);
    if (!r.ok()) return fail("the file ends inside a block header (cut short)");
    if (total < 12 || total % 4 != 0 || total > kMaxRecord)
      return fail("block of type " + std::to_string(type) + " has bad length " +
                  std::to_string(total) + " (corrupt)");
    if (!ensure(total)) return fail("the file ends inside a block (cut short)");
    ByteReader body(bytes_.subspan(pos_ + 8, total - 12));
    pos_ += total;
    if (type == kShb) {
      continue;
    } else if (type == 1) {  // Interface Description Block
      InterfaceInfo info;
      bool named = false, described = false;
      info.linktype = rd16(body, big);
      body.skip(2);
      info.snaplen = rd32(body, big);
      while (body.remaining() >= 4) {
        std::uint16_t code = rd16(body, big);
        std::uint16_t olen = rd16(body, big);
        if (code == 0) break;
        Bytes value = body.take(olen);
        body.skip((4 - olen % 4) % 4);
        if (!body.ok()) break;
        if (code == 2 || (code == 3 && !named)) {  // if_name, else if_description
          info.name.assign(reinterpret_cast<const char*>(value.data()), value.size());
          named = named || code == 2;
          described = true;
        }
        if (code == 9 && olen >= 1) info.tsresol = static_cast<std::uint8_t>(value[0]);
      }
      if (!body.ok() && body.remaining() == 0 && info.snaplen == 0 && info.linktype == 0)
        return fail("interface description block is truncated");
      // Wireshark names an interface by its if_name, else its if_description, else
      // "unknown" (cap_file_get_interface_name): frame.interface_name is always there.
      if (!described) info.name = "unknown";
      interfaces_.push_back(std::move(info));
    } else if (type == 6 || type == 2) {  // Enhanced Packet Block, obsolete Packet Block
      std::uint32_t iface = type == 6 ? rd32(body, big) : rd16(body, big);
      if (type == 2) body.skip(2);
      std::uint64_t hi = rd32(body, big);
      std::uint64_t lo = rd32(body, big);
      std::uint32_t caplen = rd32(body, big);
      std::uint32_t len = rd32(body, big);
      if (!body.ok()) return fail("packet block is shorter than its header");
      if (iface >= interfaces_.size())
        return fail("packet block names interface " + std::to_string(iface) +
                    ", which was never described");
      out.data = body.take(caplen);
      if (!body.ok())
        return fail("packet block's captured length " + std::to_string(caplen) +
                    " exceeds the block (corrupt)");
      body.skip((4 - caplen % 4) % 4);
      out.options = body.rest();
      out.options_big_endian = big;
      const InterfaceInfo& info = interfaces_[iface];
      out.ts = from_ticks((hi << 32) | lo, info.tsresol);
      out.caplen = caplen;
      out.len = len < caplen ? caplen : len;
      out.linktype = info.linktype;
      out.interface_id = iface;
      out.pcapng = true;
      out.interface_name = info.name;
      out.time_digits = digits_of(info.tsresol);
      ++count_;
      return Next::kRecord;
    } else if (type == 3) {  // Simple Packet Block: interface 0, no timestamp
      std::uint32_t len = rd32(body, big);
      if (!body.ok() || interfaces_.empty())
        return fail("simple packet block without an interface");
      std::uint32_t caplen = static_cast<std::uint32_t>(body.remaining());
      if (len < caplen) caplen = len;
      out.data = body.take(caplen);
      out.options = {};
      out.ts = {};
      out.caplen = caplen;
      out.len = len;
      out.linktype = interfaces_[0].linktype;
      out.interface_id = 0;
      out.pcapng = true;
      out.interface_name = interfaces_[0].name;
      out.time_digits = digits_of(interfaces_[0].tsresol);
      ++count_;
      return Next::kRecord;
    }
    // Other blocks (name resolution, statistics, custom) are skipped.
  }
  return end_of_input();
}

std::string for_each_record(const std::string& path, const std::function<bool(const Record&)>& each,
                            const std::function<void()>& on_wait) {
  FileSource source(path);
  if (on_wait) source.on_wait(on_wait);
  PacketFileReader reader(source);
  Record record;
  PacketFileReader::Next next = PacketFileReader::Next::kEnd;
  while ((next = reader.next(record)) == PacketFileReader::Next::kRecord)
    if (!each(record)) break;
  return next == PacketFileReader::Next::kError ? reader.error() : std::string();
}

}  // namespace sockscope::capture
