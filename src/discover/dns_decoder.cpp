// DNS replies (RFC 1035 4.1): header, questions skipped, the first answers printed.
// Names may be compressed; pointers are followed at most 16 times and names are capped,
// so a reply pointing at itself ends.
#include <arpa/inet.h>

#include <array>
#include <string>
#include <vector>

#include "core/text.h"
#include "discover/byte_cursor.h"
#include "discover/udp_decoders.h"

namespace sockscope::discover {
namespace {

constexpr int kMaxJumps = 16;
constexpr std::size_t kMaxName = 255;

// A (possibly compressed) name at `c`; `c` moves past the name as it is written there.
std::optional<std::string> read_name(ByteCursor& c) {
  std::string_view data = c.whole();
  std::size_t pos = c.offset();
  std::size_t resume = 0;
  int jumps = 0;
  std::string name;
  for (;;) {
    if (pos >= data.size()) return std::nullopt;
    auto len = static_cast<std::uint8_t>(data[pos]);
    if ((len & 0xc0) == 0xc0) {
      if (pos + 1 >= data.size() || ++jumps > kMaxJumps) return std::nullopt;
      if (jumps == 1) resume = pos + 2;
      pos = static_cast<std::size_t>((len & 0x3f) << 8 | static_cast<std::uint8_t>(data[pos + 1]));
      continue;
    }
    if ((len & 0xc0) != 0) return std::nullopt;  // 01/10: extended label types, unused
    if (len == 0) {
      if (jumps == 0) resume = pos + 1;
      break;
    }
    if (len > data.size() - pos - 1) return std::nullopt;
    if (!name.empty()) name += '.';
    name += escape_nonprintable(data.substr(pos + 1, len));
    if (name.size() > kMaxName * 4) return std::nullopt;
    pos += 1 + static_cast<std::size_t>(len);
  }
  c = ByteCursor(data, resume);
  return name.empty() ? "." : name;
}

const char* rcode_name(unsigned rcode) {
  static constexpr std::array<const char*, 6> kNames = {"NOERROR",  "FORMERR", "SERVFAIL",
                                                        "NXDOMAIN", "NOTIMP",  "REFUSED"};
  return rcode < kNames.size() ? kNames[rcode] : "error";
}

// The first character-string of TXT rdata.
std::optional<std::string> first_txt(std::string_view rdata) {
  ByteCursor c(rdata);
  std::uint8_t len = c.u8();
  std::string_view text = c.bytes(len);
  if (!c.good()) return std::nullopt;
  return escape_nonprintable(text);
}

// "A 192.0.2.7", "CNAME www.example", ...; nullopt when the rdata is malformed.
std::optional<std::string> describe_answer(std::string_view message, std::uint16_t type,
                                           std::size_t rdata_at, std::string_view rdata) {
  char text[INET6_ADDRSTRLEN] = "";
  switch (type) {
    case 1:
      if (rdata.size() != 4) return std::nullopt;
      inet_ntop(AF_INET, rdata.data(), text, sizeof(text));
      return std::string("A ") + text;
    case 28:
      if (rdata.size() != 16) return std::nullopt;
      inet_ntop(AF_INET6, rdata.data(), text, sizeof(text));
      return std::string("AAAA ") + text;
    case 2:
    case 5:
    case 6:
    case 12: {
      ByteCursor c(message, rdata_at);
      auto name = read_name(c);
      if (!name) return std::nullopt;
      const char* word = type == 2 ? "NS " : type == 5 ? "CNAME " : type == 6 ? "SOA " : "PTR ";
      return word + *name;
    }
    case 15: {
      ByteCursor c(message, rdata_at);
      std::uint16_t preference = c.u16();
      auto name = read_name(c);
      if (!c.good() || !name) return std::nullopt;
      return "MX " + std::to_string(preference) + " " + *name;
    }
    case 16: {
      auto txt = first_txt(rdata);
      if (!txt) return std::nullopt;
      return "TXT \"" + *txt + "\"";
    }
    default:
      return "TYPE" + std::to_string(type) + " (" + std::to_string(rdata.size()) + " bytes)";
  }
}

}  // namespace

std::optional<std::string> decode_dns(std::string_view reply) {
  ByteCursor c(reply);
  (void)c.u16();  // id
  std::uint16_t flags = c.u16();
  std::uint16_t questions = c.u16();
  std::uint16_t answers = c.u16();
  (void)c.u16();  // authority
  (void)c.u16();  // additional
  // Only replies: a query (QR clear) is not what a probe hears back.
  if (!c.good() || questions > 16 || (flags & 0x8000) == 0) return std::nullopt;
  unsigned rcode = flags & 0x0f;
  std::string question;
  std::uint16_t qtype = 0;
  std::uint16_t qclass = 0;
  for (unsigned i = 0; i < questions; ++i) {
    auto name = read_name(c);
    std::uint16_t type = c.u16();
    std::uint16_t klass = c.u16();
    if (!name || !c.good()) return std::nullopt;
    if (i == 0) {
      question = *name;
      qtype = type;
      qclass = klass;
    }
  }
  std::vector<std::string> described;
  std::optional<std::string> version_txt;
  for (unsigned i = 0; i < answers; ++i) {
    auto name = read_name(c);
    std::uint16_t type = c.u16();
    (void)c.u16();  // class
    (void)c.u32();  // ttl
    std::uint16_t length = c.u16();
    std::size_t rdata_at = c.offset();
    std::string_view rdata = c.bytes(length);
    if (!name || !c.good()) return std::nullopt;
    auto answer = describe_answer(reply, type, rdata_at, rdata);
    if (!answer) return std::nullopt;
    if (type == 16 && !version_txt) version_txt = first_txt(rdata);
    described.push_back(std::move(*answer));
  }
  std::string upper = to_upper_ascii(std::string_view(question));
  if (upper == "VERSION.BIND" && qtype == 16 && qclass == 3 && version_txt) {
    return "DNS: version.bind \"" + *version_txt + "\"";
  }
  std::string line = "DNS: response";
  if (rcode != 0) line += std::string(", ") + rcode_name(rcode);
  if (flags & 0x0200) line += ", truncated";
  line += ", " + std::to_string(answers) + (answers == 1 ? " answer" : " answers");
  for (std::size_t i = 0; i < described.size() && i < 3; ++i) line += ", " + described[i];
  if (described.size() > 3) line += ", ...";
  return line;
}

}  // namespace sockscope::discover
