#include "capture/dissect/dns.h"

#include <arpa/inet.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace sockscope::capture {
namespace {

// Wireshark 4.0's short names of record types (dns_types_vals, what the Info column shows).
struct TypeName {
  std::uint16_t type;
  const char* name;
};
constexpr TypeName kTypeNames[] = {
    {0, "Unused"},    {1, "A"},           {2, "NS"},       {3, "MD"},          {4, "MF"},
    {5, "CNAME"},     {6, "SOA"},         {7, "MB"},       {8, "MG"},          {9, "MR"},
    {10, "NULL"},     {11, "WKS"},        {12, "PTR"},     {13, "HINFO"},      {14, "MINFO"},
    {15, "MX"},       {16, "TXT"},        {17, "RP"},      {18, "AFSDB"},      {19, "X25"},
    {20, "ISDN"},     {21, "RT"},         {22, "NSAP"},    {23, "NSAP-PTR"},   {24, "SIG"},
    {25, "KEY"},      {26, "PX"},         {27, "GPOS"},    {28, "AAAA"},       {29, "LOC"},
    {30, "NXT"},      {31, "EID"},        {32, "NIMLOC"},  {33, "SRV"},        {34, "ATMA"},
    {35, "NAPTR"},    {36, "KX"},         {37, "CERT"},    {38, "A6"},         {39, "DNAME"},
    {40, "SINK"},     {41, "OPT"},        {42, "APL"},     {43, "DS"},         {44, "SSHFP"},
    {45, "IPSECKEY"}, {46, "RRSIG"},      {47, "NSEC"},    {48, "DNSKEY"},     {49, "DHCID"},
    {50, "NSEC3"},    {51, "NSEC3PARAM"}, {52, "TLSA"},    {55, "HIP"},        {57, "RKEY"},
    {58, "TALINK"},   {59, "CDS"},        {60, "CDNSKEY"}, {61, "OPENPGPKEY"}, {62, "CSYNC"},
    {63, "ZONEMD"},   {64, "SVCB"},       {65, "HTTPS"},   {99, "SPF"},        {100, "UINFO"},
    {101, "UID"},     {102, "GID"},       {103, "UNSPEC"}, {104, "NID"},       {105, "L32"},
    {106, "L64"},     {107, "LP"},        {108, "EUI48"},  {109, "EUI64"},     {249, "TKEY"},
    {250, "TSIG"},    {251, "IXFR"},      {252, "AXFR"},   {253, "MAILB"},     {254, "MAILA"},
    {255, "ANY"},     {256, "URI"},       {257, "CAA"},    {32768, "TA"},      {32769, "DLV"},
    {65281, "WINS"},  {65282, "WINS-R"},  {65422, "XPF"},
};

}  // namespace

const char* dns_type_name(std::uint16_t type) {
  for (const TypeName& t : kTypeNames)
    if (t.type == type) return t.name;
  return nullptr;
}

std::string dns_operation_name(std::uint16_t flags, bool numbered) {
  static const char* const kOpcodes[] = {
      "Standard query",           "Inverse query",  "Server status request",        nullptr,
      "Zone change notification", "Dynamic update", "DNS Stateful operations (DSO)"};
  const unsigned opcode = (flags >> 11) & 0xf;
  if (opcode < 7 && kOpcodes[opcode] != nullptr) return kOpcodes[opcode];
  return numbered ? "Unknown operation (" + std::to_string(opcode) + ")" : "Unknown operation";
}

std::string dns_rcode_name(std::uint16_t flags, bool numbered) {
  static const char* const kRcodes[] = {
      "No error",          "Format error",     "Server failure",
      "No such name",      "Not implemented",  "Refused",
      "Name exists",       "RRset exists",     "RRset does not exist",
      "Not authoritative", "Name out of zone", "DSO-Type not implemented"};
  const unsigned rcode = flags & 0xf;
  if (rcode < 12) return kRcodes[rcode];
  return numbered ? "Unknown error (" + std::to_string(rcode) + ")" : "Unknown error";
}

namespace {

void append_type(std::string& out, std::uint16_t type) {
  const char* name = dns_type_name(type);
  out.push_back(' ');
  out.append(name != nullptr ? name : "Unknown (" + std::to_string(type) + ")");
}

// A read past the message: Wireshark's ReportedBoundsError, "[Malformed Packet]"; or,
// past what was captured but not past the message, its BoundsError (a packet the snap
// length cut: "[Packet size limited during capture]", which the caller adds). A throw
// of the dissector's own (no read: a reserved label, a name too short) is `explicit_`.
struct Malformed {
  bool past_message = true;
  bool explicit_ = true;
};

// Reads as Wireshark's tvb accessors do: a read past the captured bytes throws.
class Reader {
 public:
  explicit Reader(Bytes m) : m_(m), reported_(m.size()) {}
  Reader(Bytes m, std::size_t reported) : m_(m), reported_(reported) {}
  std::uint8_t u8(std::size_t at) const {
    if (at >= m_.size()) throw Malformed{at >= reported_, false};
    return static_cast<std::uint8_t>(m_[at]);
  }
  // Bytes up to `end` are read as a whole (a record's data).
  void need(std::size_t end) const {
    if (end > m_.size()) throw Malformed{end > reported_, false};
  }
  // (a tvb accessor checks its whole span: one that ends past the message is malformed
  // even when it starts inside what was captured)
  std::uint16_t u16(std::size_t at) const {
    need(at + 2);
    return static_cast<std::uint16_t>((u8(at) << 8) | u8(at + 1));
  }
  std::size_t size() const { return m_.size(); }
  Bytes bytes() const { return m_; }

 private:
  Bytes m_;
  std::size_t reported_;
};

// The code points GLib's g_unichar_isprint() refuses: controls, format characters,
// unassigned code points and surrogates (ICU's character types; GLib 2.74 and ICU 72,
// Debian 12's, both follow Unicode 15).
bool unicode_unprintable(std::uint32_t c) {
  const auto type = u_charType(static_cast<UChar32>(c));
  return type == U_UNASSIGNED || type == U_CONTROL_CHAR || type == U_FORMAT_CHAR ||
         type == U_SURROGATE;
}

void append_utf8(std::string& out, std::uint32_t c) {
  if (c < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (c >> 6)));
  } else {
    if (c < 0x10000) {
      out.push_back(static_cast<char>(0xe0 | (c >> 12)));
    } else {
      out.push_back(static_cast<char>(0xf0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3f)));
    }
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
  }
  out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
}

// Wireshark 4.0's format_text(): printable ASCII as is, other ASCII as C escapes or
// three octal digits, UTF-8 sequences kept when whole and printable, U+FFFD otherwise.
void append_format_text(std::string& out, std::string_view s) {
  static const char kRepl[] = "\xef\xbf\xbd";
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i++]);
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
      continue;
    }
    if (c < 0x80) {
      out.push_back('\\');
      switch (c) {
        case '\a':
          out.push_back('a');
          break;
        case '\b':
          out.push_back('b');
          break;
        case '\f':
          out.push_back('f');
          break;
        case '\n':
          out.push_back('n');
          break;
        case '\r':
          out.push_back('r');
          break;
        case '\t':
          out.push_back('t');
          break;
        case '\v':
          out.push_back('v');
          break;
        default:
          out.push_back(static_cast<char>('0' + ((c >> 6) & 3)));
          out.push_back(static_cast<char>('0' + ((c >> 3) & 7)));
          out.push_back(static_cast<char>('0' + (c & 7)));
      }
      continue;
    }
    // Old-style 5- and 6-byte sequences are taken whole too (and never valid).
    int more = (c & 0xe0) == 0xc0   ? 1
               : (c & 0xf0) == 0xe0 ? 2
               : (c & 0xf8) == 0xf0 ? 3
               : (c & 0xfc) == 0xf8 ? 4
               : (c & 0xfe) == 0xfc ? 5
                                    : -1;
    if (more < 0) {
      out.append(kRepl);
      continue;
    }
    std::uint32_t uc = c & (0x3fu >> more);
    bool whole = true;
    for (int k = 0; k < more; ++k) {
      if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xc0) != 0x80) {
        whole = false;
        break;
      }
      uc = (uc << 6) | (static_cast<unsigned char>(s[i++]) & 0x3f);
    }
    // An overlong form is taken for the code point it spells (C0 80 is U+0000), and
    // the code point is written back in its own UTF-8.
    if (!whole || uc > 0x10ffff || (uc >= 0xd800 && uc <= 0xdfff)) {
      out.append(kRepl);
    } else if (unicode_unprintable(uc)) {  // as g_unichar_isprint() says
      char esc[16];
      std::snprintf(esc, sizeof esc, uc > 0xffff ? "\\U%08X" : "\\u%04X", uc);
      out.append(esc);
    } else if (uc < 0x80) {
      out.push_back(static_cast<char>(uc));
    } else {
      append_utf8(out, uc);
    }
  }
}

// Wireshark 4.0's expand_dns_name()/get_dns_name() for the Info column: the name at
// `offset` (the raw bytes Wireshark shows, before format_text) and the bytes it takes
// there. A read past the message throws Malformed; an extended label (0x40-0x7f other
// than a bitstring) ends the name as "<Unknown extended label>", a run of pointers
// longer than the message as "<Name contains a pointer that loops>", an empty name is
// "<Root>". Wireshark writes a bitstring label ("\[x<hex>/<bits>]") into its buffer
// without counting it in the name's length, so only that many leading characters show.
std::size_t read_dns_name(const Reader& m, std::size_t offset, std::string& name) {
  std::size_t maxname = 255;  // Wireshark's MAX_DNAME_LEN, less what was written
  std::string buf;
  std::size_t shown = 0;  // Wireshark's name_len
  const std::size_t start = offset;
  std::size_t len = 0;
  bool have_len = false;
  std::size_t processed = 0;
  const std::size_t data_size = m.size();
  auto put = [&](char c) {
    if (maxname == 0) return false;
    buf.push_back(c);
    --maxname;
    return true;
  };
  for (;;) {
    std::uint8_t component = m.u8(offset++);
    if (component == 0) break;
    ++processed;
    switch (component & 0xc0) {
      case 0x00:
        if (!buf.empty()) {
          if (put('.')) ++shown;
        } else if (maxname > 0) {
          --maxname;  // Wireshark keeps room for the terminating NUL here
        }
        for (; component > 0; --component, ++offset)
          if (put(static_cast<char>(m.u8(offset)))) ++shown;
        break;
      case 0x40: {
        if ((component & 0x3f) == 0x01) {  // bitstring label (RFC 2673)
          const int bits = m.u8(offset++);
          int bytes = (bits - 1) / 8 + 1;  // C division: 0 bits take one byte
          // Each piece is cut to the room left, as snprintf() cuts it.
          auto put_text = [&](const char* text) {
            for (; *text != '\0' && maxname > 0; ++text) put(*text);
          };
          if (maxname > 0) put_text("\\[x");
          for (; bytes > 0; --bytes, ++offset) {
            if (maxname == 0) continue;
            char hex[4];
            std::snprintf(hex, sizeof hex, "%02x", m.u8(offset));
            put_text(hex);
          }
          if (maxname > 0) {
            char tail[16];
            std::snprintf(tail, sizeof tail, "/%d]", bits);
            put_text(tail);
          }
          break;
        }
        // Wireshark measures this name from where it started to where reading stopped,
        // even after a pointer jumped elsewhere: behind the start it throws, ahead of it
        // the record's type is read that far on.
        name = "<Unknown extended label>";
        if (offset < start + 2) throw Malformed{};
        return offset - start;
      }
      case 0x80:
        throw Malformed{};
      default: {
        const std::size_t target = (static_cast<std::size_t>(component & 0x3f) << 8) | m.u8(offset);
        ++offset;
        ++processed;
        if (!have_len) {
          len = offset - start;
          have_len = true;
        }
        // Wireshark 4.0 calls a pointer two bytes past its own end a loop too (it meant
        // a pointer to itself).
        if (target == offset + 2 || processed >= data_size) {
          name = "<Name contains a pointer that loops>";
          return len;
        }
        offset = target;
        break;
      }
    }
  }
  if (!have_len) len = offset - start;
  // Wireshark's MIN_DNAME_LEN is 2: an empty name of one or two bytes (a pointer to the
  // root) is the root; a name of one byte otherwise, or a longer one with nothing
  // counted, throws.
  if (buf.empty() && len <= 2) {
    name = "<Root>";
    return len;
  }
  if (len < 2 || (len > 2 && shown == 0)) throw Malformed{};
  if (maxname == 0) {  // no room was left for the terminating NUL
    name = "<Name too long>";
    return len;
  }
  name.assign(buf, 0, std::min(shown, buf.size()));
  return len;
}

}  // namespace

namespace {

// The summary, and whether Wireshark finds the message malformed. With a protocol tree
// (`tree`: -V, io,phs, filters) a record whose data runs past the message is malformed
// too; the summary line alone (no tree) reads only what each type looks at.
// `fragment`: a read past `reported` is TCP's unreassembled fragment (dns_summary).
std::string summarize(Bytes message, std::size_t reported, bool tree, bool fragment,
                      DnsThrow& thrown) {
  thrown = DnsThrow::kNone;
  DnsHeader h;
  std::string out;
  const char* const past = fragment ? "[BoundErrorUnreassembled Packet]" : "[Malformed Packet]";
  if (!dns_header(message, h)) {
    // (else the snap length cut the ID or flags)
    thrown = reported < 4 ? DnsThrow::kPastMessage : DnsThrow::kPastCapture;
    return reported < 4 ? past : "";
  }
  out = dns_operation_name(h.flags);
  const bool response = (h.flags & 0x8000) != 0;
  if (response) out.append(" response");
  char id[8];
  std::snprintf(id, sizeof id, " 0x%04x", h.id);
  out.append(id);
  if (response && (h.flags & 0xf) != 0) out.append(" ").append(dns_rcode_name(h.flags));
  const Reader m(message, reported);
  std::size_t at = 12;
  std::string name;
  try {
    for (std::size_t count = 4; count <= 10; count += 2)
      (void)m.u16(count);  // the four counts are read before the questions, in turn
    for (int q = 0; q < h.questions; ++q) {
      at += read_dns_name(m, at, name);
      const std::uint16_t type = m.u16(at);
      m.u16(at + 2);
      at += 4;
      append_type(out, type);
      out.push_back(' ');
      append_format_text(out, name);
    }
    // Answers, authority and additional records alike (an EDNS response ends "OPT").
    const int records = h.answers + m.u16(8) + m.u16(10);
    for (int a = 0; a < records; ++a) {
      at += read_dns_name(m, at, name);
      const std::uint16_t type = m.u16(at);
      m.u16(at + 2);
      // The data length is read before the TTL (which only the tree reads, later): a
      // message that ends inside the TTL throws past the message, whatever was captured.
      const std::uint16_t length = m.u16(at + 8);
      at += 10;
      append_type(out, type);
      const std::size_t rdata = at;
      // The tree adds the record as a whole before it reads the data: one running past
      // the message is malformed even where the snap length cut a read of its data first.
      if (tree) m.need(rdata + length);
      std::string text;
      // What each type reads of its data, as Wireshark 4.0 does: a read past the message
      // throws; a record with no data shows nothing more.
      if (length > 0) {
        switch (type) {
          case 1:
          case 28: {
            const std::size_t n = type == 1 ? 4 : 16;
            m.u8(rdata + n - 1);
            char buf[INET6_ADDRSTRLEN];
            inet_ntop(type == 1 ? AF_INET : AF_INET6, message.data() + rdata, buf, sizeof buf);
            text = buf;
            break;
          }
          case 2:
          case 5:
          case 12:
            read_dns_name(m, rdata, name);
            append_format_text(text, name);
            break;
          case 6: {  // SOA: the primary name server is shown before the rest is read
            const std::size_t used = read_dns_name(m, rdata, name);
            out.push_back(' ');
            append_format_text(out, name);
            std::string rname;
            const std::size_t rused = read_dns_name(m, rdata + used, rname);
            for (std::size_t end = 4; end <= 20; end += 4)  // serial to minimum, 32 bits each
              m.need(rdata + used + rused + end);
            break;
          }
          case 15: {
            const std::uint16_t preference = m.u16(rdata);
            read_dns_name(m, rdata + 2, name);
            text = std::to_string(preference) + " ";
            append_format_text(text, name);
            break;
          }
          case 48:
          case 60: {  // DNSKEY, CDNSKEY: flags, protocol, algorithm, then the key
            const std::uint8_t algorithm = m.u8(rdata + 3);
            if (length < 4) throw Malformed{};
            // The key tag is computed before the key is added: from two bytes near the
            // data's end (RSA/MD5), else byte by byte from its start, so a snap length cut
            // inside the data throws there (short) before the key's range (past the
            // message) is checked. Only the summary gets here with the data not whole.
            if (algorithm == 1) {
              m.u8(rdata + length - 3);
              m.u8(rdata + length - 2);
            } else {
              for (std::size_t i = rdata; i < rdata + length; ++i) m.u8(i);
            }
            m.need(rdata + length);
            break;
          }
          case 33: {  // SRV: priority, weight, port and target, read from the data's start
            const std::uint16_t priority = m.u16(rdata), weight = m.u16(rdata + 2),
                                port = m.u16(rdata + 4);
            read_dns_name(m, rdata + 6, name);
            text = std::to_string(priority) + " " + std::to_string(weight) + " " +
                   std::to_string(port) + " ";
            append_format_text(text, name);
            break;
          }
          case 16:
          case 99: {  // TXT, SPF: strings until the data length is used up exactly (a
                      // string running past it makes Wireshark read on to the end)
            long left = length;
            std::size_t pos = rdata;
            while (left != 0) {
              const std::uint8_t n = m.u8(pos);
              if (n > 0) m.u8(pos + n);
              pos += 1u + n;
              left -= 1 + n;
            }
            break;
          }
          case 257:  // CAA: flags, the tag's length, the tag, then the value
            if (length < 2 + m.u8(rdata + 1)) throw Malformed{};
            m.need(rdata + length);
            break;
          default:  // the data as bytes: all of it must be there
            m.need(rdata + length);
            break;
        }
      }
      if (!text.empty()) out.append(" ").append(text);
      at += length;
    }
  } catch (const Malformed& e) {
    thrown = e.explicit_      ? DnsThrow::kOwn
             : e.past_message ? DnsThrow::kPastMessage
                              : DnsThrow::kPastCapture;
    if (e.past_message) out.append(past);
  }
  return out;
}

}  // namespace

std::string dns_summary(Bytes message, std::size_t reported, bool fragment) {
  DnsThrow thrown = DnsThrow::kNone;
  return summarize(message, reported, false, fragment, thrown);
}

DnsThrow dns_summary_throw(Bytes message, std::size_t reported) {
  DnsThrow thrown = DnsThrow::kNone;
  summarize(message, reported, false, false, thrown);
  return thrown;
}

DnsThrow dns_tree_throw(Bytes message, std::size_t reported) {
  DnsThrow thrown = DnsThrow::kNone;
  summarize(message, reported, true, false, thrown);
  return thrown;
}

bool dns_malformed_in_tree(Bytes message, std::size_t reported) {
  const DnsThrow thrown = dns_tree_throw(message, reported);
  return thrown == DnsThrow::kPastMessage || thrown == DnsThrow::kOwn;
}

int dns_asks_zone_transfer(Bytes message) {
  DnsHeader h;
  if (message.size() < 12 || !dns_header(message, h)) return -1;
  const Reader m(message);
  std::size_t at = 12;
  std::string raw;
  int asks = 0;
  try {
    for (int q = 0; q < h.questions; ++q) {
      at += read_dns_name(m, at, raw);
      const std::uint16_t type = m.u16(at);
      (void)m.u16(at + 2);  // the class is read too
      at += 4;
      if (type == 251 || type == 252) asks = 1;  // IXFR, AXFR
    }
  } catch (const Malformed&) {
    return -1;
  }
  return asks;
}

bool dns_header(Bytes message, DnsHeader& out) {
  out = DnsHeader{};
  std::uint16_t* const words[] = {&out.id, &out.flags, &out.questions, &out.answers};
  for (std::uint16_t* w : words) {
    const std::size_t at = 2 * static_cast<std::size_t>(out.words);
    if (message.size() < at + 2) break;
    *w = static_cast<std::uint16_t>(static_cast<unsigned>(message[at]) << 8 |
                                    static_cast<unsigned>(message[at + 1]));
    ++out.words;
  }
  return out.words >= 2;
}

bool dns_tree(Bytes message, DnsTree& out) {
  out = DnsTree{};
  if (!dns_header(message, out.header)) return false;
  // Names as the Info column shows them (read_dns_name, format_text): "<Root>", pointers,
  // extended labels, escapes. Wireshark reads a question's name, type and class before it
  // adds its fields, and adds a record as a whole, so one whose data runs past the
  // message adds nothing; a read past the message ends the walk.
  const Reader m(message);
  try {
    out.authority = m.u16(8);
    out.has_authority = true;
    out.additional = m.u16(10);
    out.has_additional = true;
  } catch (const Malformed&) {
    return true;
  }
  std::size_t at = 12;
  std::string raw;
  auto format = [](const std::string& name) {
    std::string text;
    append_format_text(text, name);
    return text;
  };
  try {
    for (int q = 0; q < out.header.questions; ++q) {
      DnsQuestion question;
      at += read_dns_name(m, at, raw);
      question.type = m.u16(at);
      question.klass = m.u16(at + 2);
      at += 4;
      question.name = format(raw);
      // Wireshark's [Name Length] is the raw name's length and [Label Count] its dots
      // plus one, both 0 for a name of one byte or none
      if (raw.size() > 1) {
        question.name_len = static_cast<std::uint16_t>(std::min<std::size_t>(raw.size(), 0xffff));
        question.labels = static_cast<std::uint16_t>(std::count(raw.begin(), raw.end(), '.') + 1);
      }
      out.questions.push_back(std::move(question));
    }
    out.questions_end = at;
    const int records = out.header.answers + out.authority + out.additional;
    for (int a = 0; a < records; ++a) {
      DnsRecord r;
      at += read_dns_name(m, at, raw);
      r.name = format(raw);
      r.type = m.u16(at);
      r.klass = m.u16(at + 2);
      r.ttl = (static_cast<std::uint32_t>(m.u16(at + 4)) << 16) | m.u16(at + 6);
      r.length = m.u16(at + 8);
      at += 10;
      if (at + r.length > m.size()) break;
      r.data = message.subspan(at, r.length);
      // The record's own fields are added before its data is read: a read past the
      // message there ends the walk after this record.
      bool cut = false;
      try {
        if (r.length > 0) {
          switch (r.type) {
            case 1:     // A
            case 28: {  // AAAA: the address is read whatever the data length says
              // (kept only once read whole: one the snap length cut adds no field)
              net::IpAddress address;
              for (std::size_t i = 0; i < (r.type == 1 ? 4u : 16u); ++i)
                address.bytes[i] = m.u8(at + i);
              address.family = r.type == 1 ? AF_INET : AF_INET6;
              r.address = address;
              break;
            }
            case 2:   // NS
            case 5:   // CNAME
            case 6:   // SOA: its primary name server (mname)
            case 12:  // PTR
              read_dns_name(m, at, raw);
              r.target = format(raw);
              r.has_target = true;
              break;
            case 15:  // MX
              r.preference = m.u16(at);
              read_dns_name(m, at + 2, raw);
              r.target = format(raw);
              r.has_target = true;
              break;
            default:
              break;
          }
        }
      } catch (const Malformed&) {
        cut = true;
      }
      at += r.length;
      r.end = at;
      out.records.push_back(std::move(r));
      if (cut) {
        out.stopped_in_last = true;
        break;
      }
    }
  } catch (const Malformed&) {
  }
  return true;
}

}  // namespace sockscope::capture
