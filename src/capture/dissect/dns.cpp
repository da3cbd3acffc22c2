#include "capture/dissect/dns.h"

namespace sockscope::capture {
namespace {

// Skips a (possibly compressed) name; false when it runs off the message.
bool skip_name(ByteReader& r) {
  for (int labels = 0; labels < 128; ++labels) {
    std::uint8_t len = r.u8();
    if (!r.ok()) return false;
    if (len == 0) return true;
    if ((len & 0xc0) == 0xc0) {  // a pointer ends the name
      r.skip(1);
      return r.ok();
    }
    r.skip(len);
  }
  return false;
}

}  // namespace

bool dns_header(Bytes message, DnsHeader& out) {
  ByteReader r(message);
  out.id = r.u16();
  out.flags = r.u16();
  out.questions = r.u16();
  out.answers = r.u16();
  return r.ok();
}

bool dns_query_name(Bytes message, std::string& out) {
  DnsHeader h;
  if (!dns_header(message, h) || h.questions == 0) return false;
  ByteReader r(message);
  r.skip(12);
  out.clear();
  for (int labels = 0; labels < 128; ++labels) {
    std::uint8_t len = r.u8();
    if (!r.ok() || (len & 0xc0) != 0) return false;
    if (len == 0) return true;
    Bytes label = r.take(len);
    if (!r.ok()) return false;
    if (!out.empty()) out.push_back('.');
    out.append(reinterpret_cast<const char*>(label.data()), label.size());
  }
  return false;
}

int dns_a_records(Bytes message, net::IpAddress* out, int max) {
  DnsHeader h;
  if (!dns_header(message, h)) return 0;
  ByteReader r(message);
  r.skip(12);
  for (int q = 0; q < h.questions; ++q) {
    if (!skip_name(r)) return 0;
    r.skip(4);
  }
  int n = 0;
  for (int a = 0; a < h.answers && n < max; ++a) {
    if (!skip_name(r)) return n;
    std::uint16_t type = r.u16();
    std::uint16_t klass = r.u16();
    r.skip(4);
    std::uint16_t length = r.u16();
    Bytes data = r.take(length);
    if (!r.ok()) return n;
    if (type == 1 && klass == 1 && length == 4) {
      out[n] = {};
      out[n].family = AF_INET;
      for (int i = 0; i < 4; ++i) out[n].bytes[i] = static_cast<std::uint8_t>(data[i]);
      ++n;
    }
  }
  return n;
}

}  // namespace sockscope::capture
