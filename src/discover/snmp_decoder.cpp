// SNMP replies (RFC 1157, RFC 3416), BER walked with bounds: message SEQUENCE, version,
// community, the PDU, and its first variable binding. sysDescr.0 prints as its text.
#include <cstdio>

#include "core/text.h"
#include "discover/byte_cursor.h"
#include "discover/udp_decoders.h"

namespace sockscope::discover {
namespace {

struct Tlv {
  std::uint8_t tag = 0;
  std::string_view content;
};

// One tag-length-value with a definite length of at most four length bytes.
std::optional<Tlv> read_tlv(ByteCursor& c) {
  Tlv t;
  t.tag = c.u8();
  std::uint8_t first = c.u8();
  std::size_t length = first;
  if (first & 0x80) {
    unsigned n = first & 0x7f;
    if (n == 0 || n > 4) return std::nullopt;
    length = 0;
    for (unsigned i = 0; i < n; ++i) length = length << 8 | c.u8();
  }
  t.content = c.bytes(length);
  if (!c.good()) return std::nullopt;
  return t;
}

std::optional<long long> integer(const Tlv& t) {
  if (t.tag != 0x02 || t.content.empty() || t.content.size() > 8) return std::nullopt;
  long long v = static_cast<signed char>(t.content[0]);
  for (std::size_t i = 1; i < t.content.size(); ++i) {
    v = static_cast<long long>(static_cast<unsigned long long>(v) << 8 |
                               static_cast<std::uint8_t>(t.content[i]));
  }
  return v;
}

std::optional<std::string> oid_text(const Tlv& t) {
  if (t.tag != 0x06 || t.content.empty() || t.content.size() > 64) return std::nullopt;
  auto first = static_cast<std::uint8_t>(t.content[0]);
  std::string out = std::to_string(first / 40) + "." + std::to_string(first % 40);
  unsigned long long arc = 0;
  for (std::size_t i = 1; i < t.content.size(); ++i) {
    auto b = static_cast<std::uint8_t>(t.content[i]);
    arc = arc << 7 | (b & 0x7f);
    if (arc > 0xffffffffULL) return std::nullopt;
    if (!(b & 0x80)) {
      out += '.';
      out += std::to_string(arc);
      arc = 0;
    }
  }
  return out;
}

// "text" with the peer's bytes escaped.
std::string quoted(std::string_view text) {
  std::string out(1, '"');
  out += escape_nonprintable(text);
  out += '"';
  return out;
}

std::string value_text(const Tlv& v) {
  switch (v.tag) {
    case 0x04:
      return quoted(v.content);
    case 0x02: {
      auto n = integer(v);
      return n ? std::to_string(*n) : "bad integer";
    }
    case 0x05:
      return "null";
    case 0x80:
      return "noSuchObject";
    case 0x81:
      return "noSuchInstance";
    case 0x82:
      return "endOfMibView";
    default: {
      char text[16];
      std::snprintf(text, sizeof(text), "type 0x%02x", v.tag);
      return text;
    }
  }
}

const char* error_name(long long status) {
  static constexpr const char* kNames[] = {"noError",  "tooBig",   "noSuchName",
                                           "badValue", "readOnly", "genErr"};
  return status >= 0 && status < 6 ? kNames[status] : "error";
}

}  // namespace

std::optional<std::string> decode_snmp(std::string_view reply) {
  ByteCursor outer(reply);
  auto message = read_tlv(outer);
  if (!message || message->tag != 0x30) return std::nullopt;
  ByteCursor c(message->content);
  auto version_tlv = read_tlv(c);
  if (!version_tlv) return std::nullopt;
  auto version = integer(*version_tlv);
  if (!version) return std::nullopt;
  const char* version_name = *version == 0 ? "v1" : *version == 1 ? "v2c" : "v3";
  if (*version == 3) return std::string("SNMP: v3 message");
  auto community = read_tlv(c);
  auto pdu = read_tlv(c);
  if (!community || community->tag != 0x04 || !pdu) return std::nullopt;
  if (pdu->tag != 0xa2) {
    char text[64];
    std::snprintf(text, sizeof(text), "SNMP: %s PDU type 0x%02x", version_name, pdu->tag);
    return std::string(text);
  }
  ByteCursor p(pdu->content);
  auto request_id = read_tlv(p);
  auto status_tlv = read_tlv(p);
  auto index = read_tlv(p);
  auto bindings = read_tlv(p);
  if (!request_id || !status_tlv || !index || !bindings || bindings->tag != 0x30) {
    return std::nullopt;
  }
  auto status = integer(*status_tlv);
  if (!status) return std::nullopt;
  std::string head = std::string("SNMP: ") + version_name + " response";
  std::string who = " (community \"" + escape_nonprintable(community->content) + "\")";
  if (*status != 0) return head + ", error " + error_name(*status) + who;
  ByteCursor b(bindings->content);
  auto binding = read_tlv(b);
  if (!binding) return head + ", no bindings" + who;
  ByteCursor v(binding->content);
  auto oid = read_tlv(v);
  auto value = read_tlv(v);
  if (!oid || !value) return std::nullopt;
  auto name = oid_text(*oid);
  if (!name) return std::nullopt;
  if (*name == "1.3.6.1.2.1.1.1.0" && value->tag == 0x04) {
    return "SNMP: sysDescr " + quoted(value->content);
  }
  return head + ", " + *name + " = " + value_text(*value) + who;
}

}  // namespace sockscope::discover
