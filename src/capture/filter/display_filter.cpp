#include "capture/display_filter.h"

#include <arpa/inet.h>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <regex>
#include <vector>

#include "capture/filter/fields.h"
#include "capture/filter/lexer.h"
#include "core/error.h"
#include "core/text.h"

namespace sockscope::capture {
namespace filter {

enum class Op {
  kAnd,
  kOr,
  kNot,
  kPresent,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnyNe,
  kContains,
  kMatches,
  kIn
};

// One literal, already converted to the field's type.
struct Literal {
  Value value;
  int prefix = -1;       // CIDR prefix length for addresses
  std::uint64_t hi = 0;  // upper end of a range in `in {a..b}`
  bool range = false;
  std::string bytes;  // for contains
};

struct Node {
  Op op = Op::kPresent;
  std::unique_ptr<Node> left, right;
  const FieldDef* field = nullptr;
  std::vector<Literal> literals;
  std::unique_ptr<std::regex> regex;
};

namespace {

bool ip_in(const net::IpAddress& a, const Literal& l) {
  if (a.family != l.value.ip.family) return false;
  int bits = l.prefix < 0 ? (a.family == AF_INET ? 32 : 128) : l.prefix;
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    auto mask = static_cast<std::uint8_t>(bits >= 8 ? 0xff : 0xff << (8 - bits));
    if ((a.bytes[i] & mask) != (l.value.ip.bytes[i] & mask)) return false;
  }
  return true;
}

// -1, 0, 1 like a three-way comparison of field value v against literal l.
int compare(const FieldDef& f, const Value& v, const Literal& l) {
  switch (f.type) {
    case FieldType::kUint:
      return v.u < l.value.u ? -1 : v.u > l.value.u ? 1 : 0;
    case FieldType::kDouble:
      return v.d < l.value.d ? -1 : v.d > l.value.d ? 1 : 0;
    case FieldType::kIp:
    case FieldType::kIpv6:
      if (l.prefix >= 0 && ip_in(v.ip, l)) return 0;
      return v.ip < l.value.ip ? -1 : v.ip > l.value.ip ? 1 : 0;
    case FieldType::kMac:
      return v.mac < l.value.mac ? -1 : v.mac > l.value.mac ? 1 : 0;
    default:
      return 1;
  }
}

bool relation(Op op, int c) {
  switch (op) {
    case Op::kEq:
      return c == 0;
    case Op::kNe:
    case Op::kAnyNe:
      return c != 0;
    case Op::kLt:
      return c < 0;
    case Op::kLe:
      return c <= 0;
    case Op::kGt:
      return c > 0;
    case Op::kGe:
      return c >= 0;
    default:
      return false;
  }
}

bool search(Bytes hay, const std::string& needle) {
  if (needle.empty()) return true;
  const char* h = reinterpret_cast<const char*>(hay.data());
  return std::search(h, h + hay.size(), needle.begin(), needle.end()) != h + hay.size();
}

bool eval(const Node& n, const Packet& p) {
  switch (n.op) {
    case Op::kAnd:
      return eval(*n.left, p) && eval(*n.right, p);
    case Op::kOr:
      return eval(*n.left, p) || eval(*n.right, p);
    case Op::kNot:
      return !eval(*n.left, p);
    case Op::kPresent:
      return field_present(*n.field, p);
    case Op::kContains: {
      if (!field_present(*n.field, p)) return false;
      return search(field_bytes(n.field->id, p), n.literals[0].bytes);
    }
    case Op::kMatches: {
      if (!field_present(*n.field, p)) return false;
      Bytes b = field_bytes(n.field->id, p);
      const char* s = reinterpret_cast<const char*>(b.data());
      return std::regex_search(s, s + b.size(), *n.regex);
    }
    case Op::kIn: {
      Value v[kMaxValues];
      int count = field_values(n.field->id, p, v);
      for (int i = 0; i < count; ++i)
        for (const Literal& l : n.literals) {
          if (l.range ? (v[i].u >= l.value.u && v[i].u <= l.hi) : compare(*n.field, v[i], l) == 0)
            return true;
        }
      return false;
    }
    case Op::kNe: {  // Wireshark 4: a != b is !(a == b)
      Value v[kMaxValues];
      int count = field_values(n.field->id, p, v);
      if (count == 0) return false;
      for (int i = 0; i < count; ++i)
        if (compare(*n.field, v[i], n.literals[0]) == 0) return false;
      return true;
    }
    default: {
      Value v[kMaxValues];
      int count = field_values(n.field->id, p, v);
      for (int i = 0; i < count; ++i)
        if (relation(n.op, compare(*n.field, v[i], n.literals[0]))) return true;
      return false;
    }
  }
}

class Parser {
 public:
  explicit Parser(const std::string& text) : tokens_(lex(text)) {}

  std::unique_ptr<Node> parse() {
    auto n = parse_or();
    if (peek().kind != Tok::kEnd) fail("unexpected '" + peek().text + "'", peek().pos);
    return n;
  }

 private:
  const Token& peek() const { return tokens_[i_]; }
  const Token& take() { return tokens_[i_ < tokens_.size() - 1 ? i_++ : i_]; }
  [[noreturn]] void fail(const std::string& msg, std::size_t pos) { throw FilterError{msg, pos}; }
  bool is(std::string_view op) const {
    const Token& t = peek();
    return (t.kind == Tok::kOp || t.kind == Tok::kWord) && t.text == op;
  }

  std::unique_ptr<Node> binary(Op op, std::unique_ptr<Node> l, std::unique_ptr<Node> r) {
    auto n = std::make_unique<Node>();
    n->op = op;
    n->left = std::move(l);
    n->right = std::move(r);
    return n;
  }

  std::unique_ptr<Node> parse_or() {
    auto n = parse_and();
    while (is("||") || is("or")) {
      take();
      n = binary(Op::kOr, std::move(n), parse_and());
    }
    return n;
  }
  std::unique_ptr<Node> parse_and() {
    auto n = parse_not();
    while (is("&&") || is("and")) {
      take();
      n = binary(Op::kAnd, std::move(n), parse_not());
    }
    return n;
  }
  std::unique_ptr<Node> parse_not() {
    if (is("!") || is("not")) {
      take();
      return binary(Op::kNot, parse_not(), nullptr);
    }
    return parse_primary();
  }
  std::unique_ptr<Node> parse_primary() {
    const Token& t = peek();
    if (t.kind == Tok::kOp && t.text == "(") {
      take();
      auto n = parse_or();
      if (!is(")")) fail("expected ')'", peek().pos);
      take();
      return n;
    }
    if (t.kind == Tok::kEnd) fail("expected a field or protocol name", t.pos);
    if (t.kind != Tok::kWord)
      fail("expected a field or protocol name, not '" + t.text + "'", t.pos);
    const FieldDef* f = find_field(t.text);
    if (f == nullptr) fail("'" + t.text + "' is neither a field nor a protocol name", t.pos);
    take();
    auto n = std::make_unique<Node>();
    n->field = f;
    static const std::pair<std::string_view, Op> rel[] = {
        {"==", Op::kEq}, {"eq", Op::kEq}, {"!=", Op::kNe}, {"ne", Op::kNe}, {"~=", Op::kAnyNe},
        {"<", Op::kLt},  {"lt", Op::kLt}, {"<=", Op::kLe}, {"le", Op::kLe}, {">", Op::kGt},
        {"gt", Op::kGt}, {">=", Op::kGe}, {"ge", Op::kGe}};
    for (const auto& [text, op] : rel) {
      if (is(text)) {
        std::size_t op_pos = peek().pos;
        take();
        if (f->type == FieldType::kProtocol || f->type == FieldType::kBytes)
          fail("'" + std::string(f->name) + "' cannot be compared with '" + std::string(text) +
                   "'; use 'contains'",
               op_pos);
        n->op = op;
        n->literals.push_back(literal(*f));
        return n;
      }
    }
    if (is("contains")) {
      take();
      n->op = Op::kContains;
      if (f->type != FieldType::kProtocol && f->type != FieldType::kBytes)
        fail("'contains' needs a protocol or byte field, not '" + std::string(f->name) + "'",
             tokens_[i_ - 1].pos);
      Literal l;
      l.bytes = byte_literal();
      n->literals.push_back(std::move(l));
      return n;
    }
    if (is("matches") || is("~")) {
      take();
      n->op = Op::kMatches;
      const Token& v = peek();
      if (v.kind != Tok::kString) fail("'matches' needs a quoted regular expression", v.pos);
      try {
        n->regex =
            std::make_unique<std::regex>(v.text, std::regex::ECMAScript | std::regex::optimize);
      } catch (const std::regex_error& e) {
        fail(std::string("bad regular expression: ") + e.what(), v.pos);
      }
      take();
      return n;
    }
    if (is("in")) {
      take();
      if (!is("{")) fail("expected '{' after 'in'", peek().pos);
      take();
      n->op = Op::kIn;
      while (!is("}")) {
        if (peek().kind == Tok::kEnd) fail("expected '}'", peek().pos);
        if (is(",")) {
          take();
          continue;
        }
        n->literals.push_back(literal(*f));
        if (is("..")) {  // "a .. b" written with spaces
          take();
          Literal hi = literal(*f);
          n->literals.back().range = true;
          n->literals.back().hi = hi.value.u;
        }
      }
      take();
      if (n->literals.empty()) fail("empty set", peek().pos);
      return n;
    }
    n->op = Op::kPresent;
    return n;
  }

  std::string byte_literal() {
    const Token& v = peek();
    if (v.kind == Tok::kString) {
      std::string s = v.text;
      take();
      return s;
    }
    if (v.kind != Tok::kWord) fail("'contains' needs a string or bytes like 48:54:54:50", v.pos);
    std::string s = v.text;
    take();
    // aa:bb:cc (or a single byte with a colon-separated form) is a byte string.
    if (s.size() >= 5 && s.size() % 3 == 2) {
      std::string out;
      bool ok = true;
      for (std::size_t i = 0; i < s.size() && ok; i += 3) {
        if (!std::isxdigit(static_cast<unsigned char>(s[i])) ||
            !std::isxdigit(static_cast<unsigned char>(s[i + 1])) ||
            (i + 2 < s.size() && s[i + 2] != ':'))
          ok = false;
        else
          out.push_back(static_cast<char>(std::stoi(s.substr(i, 2), nullptr, 16)));
      }
      if (ok) return out;
    }
    return s;
  }

  Literal literal(const FieldDef& f) {
    const Token& v = peek();
    if (v.kind == Tok::kEnd) fail("expected a value", v.pos);
    if (v.kind == Tok::kOp) fail("expected a value, not '" + v.text + "'", v.pos);
    std::string text = v.text;
    std::size_t pos = v.pos;
    take();
    Literal l;
    switch (f.type) {
      case FieldType::kUint: {
        if (text == "true" || text == "True" || text == "TRUE") text = "1";
        if (text == "false" || text == "False" || text == "FALSE") text = "0";
        auto dots = text.find("..");
        if (dots != std::string::npos) {
          l.range = true;
          l.value.u = parse_uint(text.substr(0, dots), pos);
          l.hi = parse_uint(text.substr(dots + 2), pos + dots + 2);
          return l;
        }
        l.value.u = parse_uint(text, pos);
        return l;
      }
      case FieldType::kDouble: {
        char* end = nullptr;
        l.value.d = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || !std::isfinite(l.value.d))
          fail("'" + text + "' is not a number", pos);
        return l;
      }
      case FieldType::kIp:
      case FieldType::kIpv6: {
        std::string addr = text;
        auto slash = text.find('/');
        int max_prefix = f.type == FieldType::kIp ? 32 : 128;
        if (slash != std::string::npos) {
          addr = text.substr(0, slash);
          long long prefix = 0;
          if (!parse_decimal(text.substr(slash + 1), 0, max_prefix, prefix))
            fail("bad prefix length in '" + text + "'", pos + slash + 1);
          l.prefix = static_cast<int>(prefix);
        }
        if (f.type == FieldType::kIp) {
          in_addr a{};
          if (inet_pton(AF_INET, addr.c_str(), &a) != 1)
            fail("'" + text + "' is not a valid IPv4 address", pos);
          l.value.ip.family = AF_INET;
          std::memcpy(l.value.ip.bytes.data(), &a, 4);
        } else {
          in6_addr a{};
          if (inet_pton(AF_INET6, addr.c_str(), &a) != 1)
            fail("'" + text + "' is not a valid IPv6 address", pos);
          l.value.ip.family = AF_INET6;
          std::memcpy(l.value.ip.bytes.data(), &a, 16);
        }
        return l;
      }
      case FieldType::kMac: {
        unsigned b[6];
        char sep1 = 0;
        int n = std::sscanf(text.c_str(), "%2x%c%2x%*c%2x%*c%2x%*c%2x%*c%2x", &b[0], &sep1, &b[1],
                            &b[2], &b[3], &b[4], &b[5]);
        if (n != 7 || text.size() != 17) fail("'" + text + "' is not a MAC address", pos);
        for (int i = 0; i < 6; ++i) l.value.mac[i] = static_cast<std::uint8_t>(b[i]);
        return l;
      }
      default:
        fail("'" + std::string(f.name) + "' takes no value", pos);
    }
  }

  std::uint64_t parse_uint(const std::string& text, std::size_t pos) {
    if (text.empty()) fail("expected a number", pos);
    std::uint64_t v = 0;
    std::size_t i = 0;
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) base = 16, i = 2;
    for (; i < text.size(); ++i) {
      char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
      int d = (c >= '0' && c <= '9')                 ? c - '0'
              : (base == 16 && c >= 'a' && c <= 'f') ? c - 'a' + 10
                                                     : -1;
      if (d < 0) fail("'" + text + "' is not a valid unsigned number", pos);
      if (v > (UINT64_MAX - static_cast<unsigned>(d)) / static_cast<unsigned>(base))
        fail("'" + text + "' is too large", pos);
      v = v * static_cast<unsigned>(base) + static_cast<unsigned>(d);
    }
    return v;
  }

  std::vector<Token> tokens_;
  std::size_t i_ = 0;
};

}  // namespace
}  // namespace filter

DisplayFilter::DisplayFilter() = default;
DisplayFilter::~DisplayFilter() = default;
DisplayFilter::DisplayFilter(DisplayFilter&&) noexcept = default;
DisplayFilter& DisplayFilter::operator=(DisplayFilter&&) noexcept = default;

DisplayFilter DisplayFilter::compile(const std::string& text) {
  DisplayFilter f;
  bool blank = std::all_of(text.begin(), text.end(),
                           [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  if (blank) return f;
  try {
    f.root_ = filter::Parser(text).parse();
  } catch (const filter::FilterError& e) {
    std::string shown = escape_nonprintable(text);
    std::size_t caret = escape_nonprintable(text.substr(0, std::min(e.pos, text.size()))).size();
    // The reason may quote filter text: escape it so a NUL or a control character in
    // the filter can neither cut the message short nor drive the terminal.
    throw usage_error("bad display filter: " + escape_nonprintable(e.message) + "\n  " + shown +
                      "\n  " + std::string(caret, ' ') + "^");
  }
  return f;
}

bool DisplayFilter::matches(const Packet& p) const {
  return root_ == nullptr || filter::eval(*root_, p);
}

}  // namespace sockscope::capture
