#include "capture/dissect/dns.h"

#include <arpa/inet.h>

#include <cstdio>

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

// Reads a name at the reader's position, following compression pointers (a bounded
// number of them) inside `message`; false when it runs off the message.
bool read_name(Bytes message, ByteReader& r, std::string& out) {
  out.clear();
  ByteReader at = r;
  bool jumped = false;
  for (int steps = 0; steps < 256; ++steps) {
    std::uint8_t len = at.u8();
    if (!at.ok()) return false;
    if (len == 0) {
      if (!jumped) r = at;
      if (out.empty()) out = "<Root>";
      return true;
    }
    if ((len & 0xc0) == 0xc0) {
      std::uint8_t low = at.u8();
      if (!at.ok()) return false;
      if (!jumped) r = at;
      jumped = true;
      std::size_t offset = (static_cast<std::size_t>(len & 0x3f) << 8) | low;
      if (offset >= message.size()) return false;
      at = ByteReader(message.subspan(offset));
      continue;
    }
    if ((len & 0xc0) != 0) return false;
    Bytes label = at.take(len);
    if (!at.ok()) return false;
    if (!out.empty()) out.push_back('.');
    out.append(reinterpret_cast<const char*>(label.data()), label.size());
  }
  return false;
}

const char* type_name(std::uint16_t type) {
  switch (type) {
    case 1:
      return "A";
    case 2:
      return "NS";
    case 5:
      return "CNAME";
    case 6:
      return "SOA";
    case 12:
      return "PTR";
    case 15:
      return "MX";
    case 16:
      return "TXT";
    case 28:
      return "AAAA";
    case 33:
      return "SRV";
    case 64:
      return "SVCB";
    case 65:
      return "HTTPS";
    case 255:
      return "ANY";
    default:
      return nullptr;
  }
}

void append_type(std::string& out, std::uint16_t type) {
  const char* name = type_name(type);
  out.push_back(' ');
  out.append(name != nullptr ? name : "Unknown (" + std::to_string(type) + ")");
}

}  // namespace

std::string dns_summary(Bytes message) {
  DnsHeader h;
  std::string out;
  if (!dns_header(message, h)) return "[Malformed Packet]";
  static const char* const kOpcodes[] = {"Standard query",           "Inverse query",
                                         "Server status request",    "Unknown operation (3)",
                                         "Zone change notification", "Dynamic update"};
  const unsigned opcode = (h.flags >> 11) & 0xf;
  out = opcode < 6 ? kOpcodes[opcode] : "Unknown operation (" + std::to_string(opcode) + ")";
  const bool response = (h.flags & 0x8000) != 0;
  if (response) out.append(" response");
  char id[8];
  std::snprintf(id, sizeof id, " 0x%04x", h.id);
  out.append(id);
  static const char* const kRcodes[] = {"No error",     "Format error",    "Server failure",
                                        "No such name", "Not implemented", "Refused"};
  const unsigned rcode = h.flags & 0xf;
  if (response && rcode != 0)
    out.append(" ").append(rcode < 6 ? kRcodes[rcode]
                                     : "Unknown error (" + std::to_string(rcode) + ")");
  ByteReader r(message);
  r.skip(12);
  std::string name;
  for (int q = 0; q < h.questions; ++q) {
    if (!read_name(message, r, name)) return out + "[Malformed Packet]";
    std::uint16_t type = r.u16();
    r.skip(2);
    if (!r.ok()) return out + "[Malformed Packet]";
    append_type(out, type);
    out.append(" ").append(name);
  }
  for (int a = 0; a < h.answers; ++a) {
    if (!read_name(message, r, name)) return out + "[Malformed Packet]";
    std::uint16_t type = r.u16();
    r.skip(6);
    std::uint16_t length = r.u16();
    if (!r.ok()) return out + "[Malformed Packet]";
    const std::size_t rdata_at = message.size() - r.rest().size();
    Bytes data = r.take(length);
    if (!r.ok()) return out + "[Malformed Packet]";
    append_type(out, type);
    char text[INET6_ADDRSTRLEN];
    if ((type == 1 && length == 4) || (type == 28 && length == 16)) {
      inet_ntop(type == 1 ? AF_INET : AF_INET6, data.data(), text, sizeof text);
      out.append(" ").append(text);
    } else if (type == 2 || type == 5 || type == 12 || type == 15) {
      ByteReader rd(message.subspan(rdata_at, length));
      std::uint16_t preference = type == 15 ? rd.u16() : 0;
      ByteReader in_message(message.subspan(rdata_at + (type == 15 ? 2 : 0)));
      if (!rd.ok() || !read_name(message, in_message, name)) return out + "[Malformed Packet]";
      if (type == 15) out.append(" ").append(std::to_string(preference));
      out.append(" ").append(name);
    }
  }
  return out;
}

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
  for (int a = 0; a < h.answers; ++a) {
    if (!skip_name(r)) return n;
    std::uint16_t type = r.u16();
    std::uint16_t klass = r.u16();
    r.skip(4);
    std::uint16_t length = r.u16();
    Bytes data = r.take(length);
    if (!r.ok()) return n;
    if (type == 1 && klass == 1 && length == 4) {
      if (n < max) {
        out[n] = {};
        out[n].family = AF_INET;
        for (int i = 0; i < 4; ++i) out[n].bytes[i] = static_cast<std::uint8_t>(data[i]);
      }
      ++n;
    }
  }
  return n;
}

}  // namespace sockscope::capture
