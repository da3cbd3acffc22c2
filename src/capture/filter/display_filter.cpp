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
  kAnyNe,        // !== and ~=: some occurrence differs
  kAllEq,        // ===: every occurrence equals
  kMaskNonzero,  // `field & mask` alone: some occurrence has a bit of the mask
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
  const FieldDef* rhs_field = nullptr;  // `a == b` between two fields
  std::uint64_t mask = 0;               // `field & mask ...` (0: none)
  bool all = false;                     // `all field op value`: every occurrence must hold
  // `field[start:length]` (length -1: to the end; start < 0 counts from the end)
  bool sliced = false;
  std::int64_t slice_start = 0, slice_len = -1;
  // `len(arg)` / `count(arg)`: `field` is then the unsigned result, `arg` the field read.
  enum class Func : std::uint8_t { kNone, kLen, kCount } func = Func::kNone;
  const FieldDef* arg = nullptr;
  int layer = 0;  // `ip.src#2`: only the second IPv4 header's value (0: every layer)
  // Room for the field's values, kept with the node: a Value array built per packet
  // (its members zeroed) was a third of the time of `-Y 'tcp.port == N'`.
  mutable Value values[kMaxValues], rhs_values[kMaxValues];
};

// The type of a function's result: an unsigned integer (32-bit, as Wireshark's).
constexpr FieldDef kFunctionResult{"function", FieldId::kFrameNumber, FieldType::kUint};

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

// The bytes a byte comparison sees: the field's own bytes (a MAC's six), cut by the
// slice if there is one. False when the slice falls outside them (no match, as tshark).
bool operand_bytes(const Node& n, const Packet& p, Value* v, Bytes& out) {
  if (n.field->type == FieldType::kMac) {
    if (field_values(n.field->id, p, v) == 0) return false;
    out = Bytes(reinterpret_cast<const std::byte*>(v[0].mac.data()), 6);
  } else {
    out = field_own_bytes(n.field->id, p);
  }
  if (!n.sliced) return true;
  auto size = static_cast<std::int64_t>(out.size());
  std::int64_t start = n.slice_start < 0 ? size + n.slice_start : n.slice_start;
  std::int64_t len = n.slice_len < 0 ? size - start : n.slice_len;
  if (start < 0 || len < 0 || start + len > size) return false;
  out = out.subspan(static_cast<std::size_t>(start), static_cast<std::size_t>(len));
  return true;
}

// A relation between a field's occurrences and a literal or another field's occurrences,
// with Wireshark 4's quantifiers: == < ... hold if some pair does; != if no pair is equal;
// === (and `all`) if every pair does; !== and ~= if some pair differs.
// len(): each occurrence's length (a protocol's or byte field's bytes, a string's
// characters); count(): how many occurrences there are.
int function_values(const Node& n, const Packet& p, Value* v) {
  if (n.func == Node::Func::kCount) {
    Value tmp[kMaxValues];
    int c = (n.arg->type == FieldType::kProtocol || n.arg->type == FieldType::kBytes)
                ? (field_present(*n.arg, p) ? 1 : 0)
                : field_values(n.arg->id, p, tmp);
    if (c == 0) return 0;
    v[0].u = static_cast<std::uint64_t>(c);
    return 1;
  }
  if (n.arg->type == FieldType::kProtocol || n.arg->type == FieldType::kBytes) {
    if (!field_present(*n.arg, p)) return 0;
    v[0].u = field_own_bytes(n.arg->id, p).size();
    return 1;
  }
  int c = field_values(n.arg->id, p, v);
  for (int i = 0; i < c; ++i)
    v[i].u = n.arg->type == FieldType::kString ? v[i].s.size()
             : n.arg->type == FieldType::kMac  ? 6
             : n.arg->type == FieldType::kIp   ? 4
             : n.arg->type == FieldType::kIpv6 ? 16
                                               : v[i].u;
  return c;
}

// The values of `field#layer`: for IPv4/IPv6 fields the layer-th header of that family
// (tunnels, quoted headers); other fields have one layer.
int layer_values(const Node& n, const Packet& p, Value* v) {
  std::string_view name = n.field->name;
  const bool v6 = name.substr(0, 5) == "ipv6.";
  if (!v6 && name.substr(0, 3) != "ip.") return n.layer == 1 ? field_values(n.field->id, p, v) : 0;
  int seen = 0;
  for (int i = 0; i < p.ip_layer_count; ++i) {
    if (p.ip_layers[i].src.family != (v6 ? AF_INET6 : AF_INET) || ++seen != n.layer) continue;
    Packet one = p;
    one.ip_layers[0] = p.ip_layers[i];
    one.ip_layer_count = 1;
    return field_values(n.field->id, one, v);
  }
  return 0;
}

bool holds(const Node& n, const Packet& p) {
  Value* v = n.values;
  Value* w = n.rhs_values;
  int count = n.arg != nullptr ? function_values(n, p, v)
              : n.layer > 0    ? layer_values(n, p, v)
                               : field_values(n.field->id, p, v);
  if (count == 0) return false;
  if (n.mask != 0)
    for (int i = 0; i < count; ++i) v[i].u &= n.mask;
  if (n.op == Op::kMaskNonzero) {
    for (int i = 0; i < count; ++i)
      if (v[i].u != 0) return true;
    return false;
  }
  int rhs_count = 1;
  Literal from_field;
  if (n.rhs_field != nullptr) {
    rhs_count = field_values(n.rhs_field->id, p, w);
    if (rhs_count == 0) return false;
  }
  auto cmp = [&](int i, int j) {
    if (n.rhs_field == nullptr) return compare(*n.field, v[i], n.literals[0]);
    from_field.value = w[j];
    from_field.bytes.assign(w[j].s);
    return compare(*n.field, v[i], from_field);
  };
  const bool every = n.all || n.op == Op::kAllEq;
  const Op op = n.op == Op::kAllEq ? Op::kEq : n.op;
  for (int i = 0; i < count; ++i)
    for (int j = 0; j < rhs_count; ++j) {
      int c = cmp(i, j);
      if (op == Op::kNe) {
        if (c == 0) return false;
      } else if (every) {
        if (!relation(op, c)) return false;
      } else if (relation(op, c)) {
        return true;
      }
    }
  return op == Op::kNe || every;
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
      if (n.sliced) {
        Value* v = n.values;
        Bytes b;
        return field_present(*n.field, p) && operand_bytes(n, p, v, b) &&
               search(b, n.literals[0].bytes);
      }
      if (n.field->type == FieldType::kString) {
        Value* v = n.values;
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
    case Op::kBytesNe: {
      if (!field_present(*n.field, p)) return false;
      Value* v = n.values;
      Bytes b;
      if (!operand_bytes(n, p, v, b)) return false;
      int c = compare_bytes(b, n.literals[0].bytes);
      return n.op == Op::kBytesNe ? c != 0 : byte_relation(n.op, c);
    }
    case Op::kMatches: {
      if (!field_present(*n.field, p)) return false;
      if (n.field->type == FieldType::kString) {
        Value* v = n.values;
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
      Value* v = n.values;
      int count = field_values(n.field->id, p, v);
      for (int i = 0; i < count; ++i)
        for (const Literal& l : n.literals) {
          if (l.range ? (v[i].u >= l.value.u && v[i].u <= l.hi) : compare(*n.field, v[i], l) == 0)
            return true;
        }
      return false;
    }
    default:
      return holds(n, p);
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
    bool all = false;
    if ((t.text == "any" || t.text == "all") && tokens_[i_ + 1].kind == Tok::kWord) {
      all = t.text == "all";
      take();
    }
    auto n = std::make_unique<Node>();
    if ((peek().text == "len" || peek().text == "count") && tokens_[i_ + 1].text == "(") {
      n->func = peek().text == "len" ? Node::Func::kLen : Node::Func::kCount;
      take();
      take();
      const Token& a = peek();
      n->arg = a.kind == Tok::kWord ? find_field(a.text) : nullptr;
      if (n->arg == nullptr) fail("expected a field name", a.pos);
      if (n->func == Node::Func::kLen &&
          (n->arg->type == FieldType::kUint || n->arg->type == FieldType::kDouble))
        fail("len() needs a byte, string, address or protocol field", a.pos);
      take();
      if (!is(")")) fail("expected ')'", peek().pos);
      take();
      if (!is_relation())
        fail("a function's result must be compared, e.g. len(frame) > 100", peek().pos);
    }
    const Token& name = peek();
    const FieldDef* f = n->arg != nullptr ? &kFunctionResult : find_field(name.text);
    if (f == nullptr) fail("'" + name.text + "' is neither a field nor a protocol name", name.pos);
    if (n->arg == nullptr) take();
    n->field = f;
    n->all = all;
    if (is("#")) {
      std::size_t hash = peek().pos;
      take();
      long long layer = 0;
      if (peek().kind != Tok::kWord || !parse_decimal(peek().text, 1, kMaxIpLayers, layer))
        fail("expected a layer number after '#'", hash);
      take();
      if (f->type == FieldType::kProtocol || f->type == FieldType::kBytes)
        fail("the layer operator is only supported on value fields here", hash);
      n->layer = static_cast<int>(layer);
      if (!is_relation()) fail("'field#N' must be compared", peek().pos);
    }
    if (is("[")) parse_slice(*n);
    if (is("&")) {  // bitwise test: `tcp.flags & 0x12` alone or compared
      std::size_t amp = peek().pos;
      take();
      if (f->type != FieldType::kUint) fail("'&' needs an unsigned integer field", amp);
      n->mask = literal(*f).value.u;
      if (n->mask == 0) fail("a mask of 0 matches nothing", amp);
      n->op = Op::kMaskNonzero;
    }
    for (const auto& [text, op] : kRelations) {
      if (is(text)) {
        std::size_t op_pos = peek().pos;
        take();
        n->op = op;
        if (const FieldDef* other = peek().kind == Tok::kWord ? find_field(peek().text) : nullptr;
            other != nullptr && f->type != FieldType::kProtocol && f->type != FieldType::kBytes &&
            !n->sliced) {
          bool same = other->type == f->type ||
                      (f->type == FieldType::kUint && other->type == FieldType::kUint);
          if (!same)
            fail("'" + std::string(f->name) + "' and '" + std::string(other->name) +
                     "' are not of compatible types",
                 peek().pos);
          n->rhs_field = other;
          take();
          return n;
        }
        if (f->type == FieldType::kProtocol || f->type == FieldType::kBytes || n->sliced) {
          if (op == Op::kAnyNe || op == Op::kAllEq)
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
          f->type != FieldType::kString && !n->sliced)
        fail(
            "'contains' needs a protocol, byte or string field, not '" + std::string(f->name) + "'",
            tokens_[i_ - 1].pos);
      Literal l;
      l.bytes = f->type == FieldType::kString && !n->sliced ? literal(*f).bytes : byte_literal();
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
        if (!n->literals.empty() && tokens_[i_ - 1].text != ",")
          fail("\"" + peek().text + "\" was unexpected in this context", peek().pos);
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
    if (n->op == Op::kMaskNonzero) return n;
    n->op = Op::kPresent;
    return n;
  }

  static constexpr std::pair<std::string_view, Op> kRelations[] = {
      {"===", Op::kAllEq}, {"all_eq", Op::kAllEq}, {"!==", Op::kAnyNe}, {"any_ne", Op::kAnyNe},
      {"==", Op::kEq},     {"eq", Op::kEq},        {"!=", Op::kNe},     {"ne", Op::kNe},
      {"~=", Op::kAnyNe},  {"<", Op::kLt},         {"lt", Op::kLt},     {"<=", Op::kLe},
      {"le", Op::kLe},     {">", Op::kGt},         {"gt", Op::kGt},     {">=", Op::kGe},
      {"ge", Op::kGe}};

  bool is_relation() const {
    for (const auto& [text, op] : kRelations)
      if (is(text)) return true;
    return false;
  }

  // `[i:j]` (j bytes from i), `[i-j]` (i to j), `[i]`, `[i:]`, `[:j]`; i may be negative.
  void parse_slice(Node& n) {
    std::size_t open = peek().pos;
    take();
    const FieldType t = n.field->type;
    if (t != FieldType::kBytes && t != FieldType::kProtocol && t != FieldType::kMac)
      fail("'" + std::string(n.field->name) + "' cannot be sliced here", open);
    const Token& r = peek();
    if (r.kind != Tok::kWord) fail("expected a range like 0:4 after '['", r.pos);
    std::string text = r.text;
    take();
    if (!is("]")) fail("expected ']' (one range only)", peek().pos);
    take();
    auto number = [&](const std::string& v) -> std::int64_t {
      long long x = 0;
      bool negative = !v.empty() && v[0] == '-';
      if (!parse_decimal(negative ? v.substr(1) : v, 0, 65535, x))
        fail("bad range '" + text + "'", r.pos);
      return negative ? -x : x;
    };
    n.sliced = true;
    auto colon = text.find(':');
    auto dash = text.find('-', 1);
    if (colon != std::string::npos) {
      n.slice_start = colon == 0 ? 0 : number(text.substr(0, colon));
      n.slice_len = colon + 1 == text.size() ? -1 : number(text.substr(colon + 1));
      if (colon + 1 < text.size() && n.slice_len < 0) fail("bad range '" + text + "'", r.pos);
    } else if (dash != std::string::npos) {
      n.slice_start = number(text.substr(0, dash));
      std::int64_t end = number(text.substr(dash + 1));
      if (n.slice_start < 0 || end < n.slice_start) fail("bad range '" + text + "'", r.pos);
      n.slice_len = end - n.slice_start + 1;
    } else {
      n.slice_start = number(text);
      n.slice_len = 1;
    }
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
