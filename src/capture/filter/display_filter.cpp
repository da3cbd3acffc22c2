#include "capture/display_filter.h"

#include <arpa/inet.h>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "capture/filter/byte_literal.h"
#include "capture/filter/fields.h"
#include "capture/filter/lexer.h"
#include "capture/filter/regex.h"
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
  kIn,
  // byte and protocol fields compared with a byte string, memcmp order
  kBytesEq,
  kBytesNe,
  kBytesLt,
  kBytesLe,
  kBytesGt,
  kBytesGe,
};

// One literal, already converted to the field's type.
struct Literal {
  Value value;
  int prefix = -1;       // CIDR prefix length for addresses
  std::uint64_t hi = 0;  // upper end of a range in `in {a..b}`
  bool range = false;
  std::string bytes;  // for contains
};

// `and`/`or` keep their operands in one list (a && b && c is one node with three
// children), so a long chain of terms never makes a deep tree to recurse through.
struct Node {
  Op op = Op::kPresent;
  std::vector<std::unique_ptr<Node>> children;
  const FieldDef* field = nullptr;
  std::vector<Literal> literals;
  std::unique_ptr<Regex> regex;
};

namespace {

bool ip_in(const IpAddr& a, const Literal& l) {
  if (a.family != l.value.ip.family) return false;
  int bits = l.prefix < 0 ? (a.family == 4 ? 32 : 128) : l.prefix;
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
    case FieldType::kString: {
      int c = v.s.compare(l.bytes);
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
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

int compare_bytes(Bytes a, const std::string& b) {
  std::size_t n = std::min(a.size(), b.size());
  int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
  if (c != 0) return c < 0 ? -1 : 1;
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

bool byte_relation(Op op, int c) {
  switch (op) {
    case Op::kBytesEq:
      return c == 0;
    case Op::kBytesLt:
      return c < 0;
    case Op::kBytesLe:
      return c <= 0;
    case Op::kBytesGt:
      return c > 0;
    default:
      return c >= 0;
  }
}

bool eval(const Node& n, const Packet& p) {
  switch (n.op) {
    case Op::kAnd:
      for (const auto& c : n.children)
        if (!eval(*c, p)) return false;
      return true;
    case Op::kOr:
      for (const auto& c : n.children)
        if (eval(*c, p)) return true;
      return false;
    case Op::kNot:
      return !eval(*n.children[0], p);
    case Op::kPresent:
      return field_present(*n.field, p);
    case Op::kContains: {
      if (n.field->type == FieldType::kString) {
        Value v[kMaxValues];
        int count = field_values(n.field->id, p, v);
        for (int i = 0; i < count; ++i)
          if (v[i].s.find(n.literals[0].bytes) != std::string_view::npos) return true;
        return false;
      }
      if (!field_present(*n.field, p)) return false;
      return search(field_bytes(n.field->id, p), n.literals[0].bytes);
    }
    case Op::kBytesEq:
    case Op::kBytesLt:
    case Op::kBytesLe:
    case Op::kBytesGt:
    case Op::kBytesGe:
      return field_present(*n.field, p) &&
             byte_relation(n.op,
                           compare_bytes(field_own_bytes(n.field->id, p), n.literals[0].bytes));
    case Op::kBytesNe:
      return field_present(*n.field, p) &&
             compare_bytes(field_own_bytes(n.field->id, p), n.literals[0].bytes) != 0;
    case Op::kMatches: {
      if (!field_present(*n.field, p)) return false;
      if (n.field->type == FieldType::kString) {
        Value v[kMaxValues];
        int count = field_values(n.field->id, p, v);
        for (int i = 0; i < count; ++i)
          if (n.regex->search(
                  Bytes(reinterpret_cast<const std::byte*>(v[i].s.data()), v[i].s.size())))
            return true;
        return false;
      }
      return n.regex->search(field_bytes(n.field->id, p));
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
  // The regular expressions of `matches` in the parsed filter (owned by its nodes).
  const std::vector<const Regex*>& regexes() const { return regexes_; }

 private:
  const Token& peek() const { return tokens_[i_]; }
  const Token& take() { return tokens_[i_ < tokens_.size() - 1 ? i_++ : i_]; }
  [[noreturn]] void fail(const std::string& msg, std::size_t pos) { throw FilterError{msg, pos}; }
  bool is(std::string_view op) const {
    const Token& t = peek();
    return (t.kind == Tok::kOp || t.kind == Tok::kWord) && t.text == op;
  }

  // `first op second op ...` as one node; a single operand stays as it is.
  template <typename Next>
  std::unique_ptr<Node> chain(Op op, std::string_view sym, std::string_view word, Next next) {
    auto first = (this->*next)();
    if (!is(sym) && !is(word)) return first;
    auto n = std::make_unique<Node>();
    n->op = op;
    n->children.push_back(std::move(first));
    while (is(sym) || is(word)) {
      take();
      n->children.push_back((this->*next)());
    }
    return n;
  }

  std::unique_ptr<Node> parse_or() { return chain(Op::kOr, "||", "or", &Parser::parse_and); }
  std::unique_ptr<Node> parse_and() { return chain(Op::kAnd, "&&", "and", &Parser::parse_not); }
  // Counted, not recursed: 50,000 `!` in a row are one negation or none.
  std::unique_ptr<Node> parse_not() {
    bool negate = false;
    while (is("!") || is("not")) {
      take();
      negate = !negate;
    }
    auto n = parse_primary();
    if (!negate) return n;
    auto x = std::make_unique<Node>();
    x->op = Op::kNot;
    x->children.push_back(std::move(n));
    return x;
  }
  std::unique_ptr<Node> parse_primary() {
    const Token& t = peek();
    if (t.kind == Tok::kOp && t.text == "(") {
      // Each level of parentheses is a few stack frames here and in the evaluator: a
      // bound keeps a hostile filter from overflowing the stack.
      if (depth_ >= kMaxDepth)
        fail("parentheses nested deeper than " + std::to_string(kMaxDepth) + " levels", t.pos);
      take();
      ++depth_;
      auto n = parse_or();
      --depth_;
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
        n->op = op;
        if (f->type == FieldType::kProtocol || f->type == FieldType::kBytes) {
          if (op == Op::kAnyNe)
            fail("'~=' is not supported on '" + std::string(f->name) + "'", op_pos);
          Literal l;
          l.bytes = byte_literal();
          n->literals.push_back(std::move(l));
          n->op = op == Op::kEq   ? Op::kBytesEq
                  : op == Op::kNe ? Op::kBytesNe
                  : op == Op::kLt ? Op::kBytesLt
                  : op == Op::kLe ? Op::kBytesLe
                  : op == Op::kGt ? Op::kBytesGt
                                  : Op::kBytesGe;
          return n;
        }
        n->literals.push_back(literal(*f));
        return n;
      }
    }
    if (is("contains")) {
      take();
      n->op = Op::kContains;
      if (f->type != FieldType::kProtocol && f->type != FieldType::kBytes &&
          f->type != FieldType::kString)
        fail(
            "'contains' needs a protocol, byte or string field, not '" + std::string(f->name) + "'",
            tokens_[i_ - 1].pos);
      Literal l;
      l.bytes = f->type == FieldType::kString ? literal(*f).bytes : byte_literal();
      n->literals.push_back(std::move(l));
      return n;
    }
    if (is("matches") || is("~")) {
      take();
      n->op = Op::kMatches;
      const Token& v = peek();
      if (v.kind != Tok::kString) fail("'matches' needs a quoted regular expression", v.pos);
      n->regex = std::make_unique<Regex>(v.text, v.pos);
      regexes_.push_back(n->regex.get());
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

  // The right side of `contains` or of a comparison with a byte or protocol field: a
  // quoted string is its text, an unquoted value must be a byte string.
  std::string byte_literal() {
    const Token& v = peek();
    if (v.kind == Tok::kEnd) fail("expected a value", v.pos);
    if (v.kind != Tok::kString && v.kind != Tok::kWord)
      fail("\"" + v.text + "\" was unexpected in this context", v.pos);
    std::string text = v.text;
    bool quoted = v.kind == Tok::kString;
    std::size_t pos = v.pos;
    take();
    return quoted ? text : parse_byte_literal(text, pos);
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
        bool yes = text == "true" || text == "True" || text == "TRUE";
        if (yes || text == "false" || text == "False" || text == "FALSE") {
          l.value.u = yes ? 1 : 0;
          return l;
        }
        auto dots = text.find("..");
        if (dots != std::string::npos) {
          l.range = true;
          l.value.u = parse_uint(text.substr(0, dots), pos, f);
          l.hi = parse_uint(text.substr(dots + 2), pos + dots + 2, f);
          return l;
        }
        l.value.u = parse_uint(text, pos, f);
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
          l.value.ip.family = 4;
          std::memcpy(l.value.ip.bytes.data(), &a, 4);
        } else {
          in6_addr a{};
          if (inet_pton(AF_INET6, addr.c_str(), &a) != 1)
            fail("'" + text + "' is not a valid IPv6 address", pos);
          l.value.ip.family = 6;
          std::memcpy(l.value.ip.bytes.data(), &a, 16);
        }
        return l;
      }
      case FieldType::kString:
        l.bytes = text;  // quoted or a bare word, as tshark takes both
        return l;
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

  std::uint64_t parse_uint(const std::string& text, std::size_t pos, const FieldDef& f) {
    std::uint64_t v = parse_uint(text, pos);
    std::uint64_t max = field_max(f.id);
    if (v > max)
      fail("\"" + text + "\" too big for this field, maximum " + std::to_string(max), pos);
    return v;
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

  static constexpr int kMaxDepth = 200;
  std::vector<Token> tokens_;
  std::size_t i_ = 0;
  int depth_ = 0;
  std::vector<const Regex*> regexes_;
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
    filter::Parser parser(text);
    f.root_ = parser.parse();
    f.regexes_ = parser.regexes();
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

std::string DisplayFilter::warning() const {
  for (const filter::Regex* r : regexes_)
    if (r->limit_hit())
      return "a 'matches' regular expression hit its backtracking limit on some packets; "
             "those packets were taken as not matching";
  return "";
}

bool DisplayFilter::matches(const Packet& p) const {
  return root_ == nullptr || filter::eval(*root_, p);
}

}  // namespace sockscope::capture
