#include "discover/fingerprints.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/text.h"
#include "discover/escapes.h"

namespace sockscope {
std::string_view builtin_fingerprints_text();  // data/fingerprints.txt, compiled in
}

namespace sockscope::discover {
namespace {

// Bounds on one match: a banner is at most a few KiB, and a pattern that backtracks
// without end on hostile bytes stops with "no match" instead of taking seconds.
constexpr std::uint32_t kMatchLimit = 100000;
constexpr std::uint32_t kDepthLimit = 2000;

struct CodeDeleter {
  void operator()(pcre2_code* code) const { pcre2_code_free(code); }
};
using Code = std::unique_ptr<pcre2_code, CodeDeleter>;

// Compiles `pattern` or says why not, in PCRE2's words with the offset.
Code compile(const std::string& pattern, std::string& error) {
  int code = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                       0, &code, &offset, nullptr);
  if (compiled == nullptr) {
    PCRE2_UCHAR text[256];
    pcre2_get_error_message(code, text, sizeof(text));
    error =
        std::string(reinterpret_cast<const char*>(text)) + " at offset " + std::to_string(offset);
  }
  return Code(compiled);
}

std::uint32_t capture_count(const pcre2_code* code) {
  std::uint32_t n = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &n);
  return n;
}

// The highest $N a template names (0 when none).
int highest_capture(std::string_view tmpl) {
  int highest = 0;
  for (std::size_t i = 0; i + 1 < tmpl.size(); ++i) {
    if (tmpl[i] == '$' && tmpl[i + 1] >= '1' && tmpl[i + 1] <= '9') {
      highest = std::max(highest, tmpl[i + 1] - '0');
    }
  }
  return highest;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Splits "word rest of line" at the first run of blanks.
std::pair<std::string_view, std::string_view> split_word(std::string_view line) {
  std::size_t end = line.find_first_of(" \t");
  if (end == std::string_view::npos) return {line, {}};
  return {line.substr(0, end), trim(line.substr(end))};
}

bool is_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '/';
  });
}

std::vector<PortRange> parse_ports(std::string_view text, const std::string& where) {
  std::vector<PortRange> out;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view part = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    std::size_t dash = part.find('-');
    long long first = 0;
    long long last = 0;
    bool ok = dash == std::string_view::npos
                  ? parse_decimal(part, 1, 65535, first) && ((last = first), true)
                  : parse_decimal(part.substr(0, dash), 1, 65535, first) &&
                        parse_decimal(part.substr(dash + 1), 1, 65535, last) && first <= last;
    if (!ok) throw usage_error(where + ": bad port or range '" + std::string(part) + "'");
    out.push_back({static_cast<std::uint16_t>(first), static_cast<std::uint16_t>(last)});
  }
  return out;
}

// Fills $1..$9 with the captures, made printable and trimmed; an unset capture is "".
std::string fill(std::string_view tmpl, std::string_view subject, const PCRE2_SIZE* ovector,
                 std::uint32_t pairs) {
  std::string out;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '$' && i + 1 < tmpl.size() && tmpl[i + 1] >= '1' && tmpl[i + 1] <= '9') {
      auto n = static_cast<std::uint32_t>(tmpl[i + 1] - '0');
      ++i;
      if (n < pairs && ovector[2 * n] != PCRE2_UNSET) {
        out += escape_nonprintable(
            subject.substr(ovector[2 * n], ovector[2 * n + 1] - ovector[2 * n]));
      }
    } else {
      out += tmpl[i];
    }
  }
  return std::string(trim(out));
}

}  // namespace

ParsedFingerprints parse_fingerprints(std::string_view text, std::string_view origin,
                                      const std::vector<ProbeDef>& known_probes) {
  ParsedFingerprints parsed;
  std::optional<Fingerprint> entry;
  std::size_t entry_line = 0;
  auto known = [&](const std::string& name) {
    auto same = [&](const ProbeDef& p) { return p.name == name; };
    return std::any_of(parsed.probes.begin(), parsed.probes.end(), same) ||
           std::any_of(known_probes.begin(), known_probes.end(), same);
  };
  auto finish = [&] {
    if (!entry) return;
    std::string where = std::string(origin) + ":" + std::to_string(entry_line);
    if (entry->pattern.empty()) throw usage_error(where + ": match entry without a pattern");
    std::string error;
    Code code = compile(entry->pattern, error);
    if (!code) throw usage_error(where + ": bad pattern: " + error);
    auto captures = static_cast<int>(capture_count(code.get()));
    for (const std::string* t :
         {&entry->product, &entry->version, &entry->info, &entry->hostname}) {
      if (highest_capture(*t) > captures) {
        throw usage_error(where + ": '" + *t + "' names a capture the pattern does not have");
      }
    }
    if (!known(entry->probe)) throw usage_error(where + ": unknown probe '" + entry->probe + "'");
    parsed.entries.push_back(std::move(*entry));
    entry.reset();
  };

  std::size_t number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    ++number;
    if (line.empty() || line.front() == '#') continue;
    std::string where = std::string(origin) + ":" + std::to_string(number);
    auto [keyword, rest] = split_word(line);
    if (keyword == "send") {
      finish();
      auto [name, more] = split_word(rest);
      auto [transport, payload] = split_word(more);
      if (!is_name(name)) throw usage_error(where + ": bad probe name '" + std::string(name) + "'");
      if (transport != "tcp" && transport != "udp") {
        throw usage_error(where + ": probe transport must be tcp or udp, not '" +
                          std::string(transport) + "'");
      }
      if (known(std::string(name))) {
        throw usage_error(where + ": probe '" + std::string(name) + "' declared twice");
      }
      std::string bytes;
      std::string bad;
      if (!decode_escapes(payload, bytes, bad)) {
        throw usage_error(where + ": bad escape '" + bad + "' in the payload");
      }
      parsed.probes.push_back({std::string(name),
                               transport == "tcp" ? net::Transport::kTcp : net::Transport::kUdp,
                               std::move(bytes)});
    } else if (keyword == "match") {
      finish();
      auto [service, product] = split_word(rest);
      if (!is_name(service)) {
        throw usage_error(where + ": bad service name '" + std::string(service) + "'");
      }
      entry = Fingerprint{};
      entry->service = service;
      entry->product = product;
      entry->origin = where;
      entry_line = number;
    } else if (!entry) {
      throw usage_error(where + ": '" + std::string(keyword) + "' outside a match entry");
    } else if (keyword == "pattern") {
      if (!entry->pattern.empty()) throw usage_error(where + ": a second pattern in one entry");
      if (rest.empty()) throw usage_error(where + ": empty pattern");
      entry->pattern = rest;
    } else if (keyword == "product") {
      entry->product = rest;
    } else if (keyword == "version") {
      entry->version = rest;
    } else if (keyword == "info") {
      entry->info = rest;
    } else if (keyword == "hostname") {
      entry->hostname = rest;
    } else if (keyword == "probe") {
      if (!is_name(rest)) throw usage_error(where + ": bad probe name '" + std::string(rest) + "'");
      entry->probe = rest;
    } else if (keyword == "ports") {
      entry->ports = parse_ports(rest, where);
    } else {
      throw usage_error(where + ": unknown keyword '" + std::string(keyword) + "'");
    }
  }
  finish();
  return parsed;
}

struct FingerprintDb::Compiled {
  Fingerprint fingerprint;
  Code code;
};

FingerprintDb::FingerprintDb() = default;
FingerprintDb::~FingerprintDb() = default;
FingerprintDb::FingerprintDb(FingerprintDb&&) noexcept = default;
FingerprintDb& FingerprintDb::operator=(FingerprintDb&&) noexcept = default;

FingerprintDb FingerprintDb::builtin() {
  FingerprintDb db;
  db.add(builtin_fingerprints_text(), "data/fingerprints.txt");
  return db;
}

void FingerprintDb::add(std::string_view text, std::string_view origin) {
  ParsedFingerprints parsed = parse_fingerprints(text, origin, probes_);
  std::vector<std::unique_ptr<Compiled>> added;
  for (Fingerprint& f : parsed.entries) {
    std::string error;
    auto compiled = std::make_unique<Compiled>();
    compiled->code = compile(f.pattern, error);  // parse_fingerprints compiled it once
    compiled->fingerprint = std::move(f);
    added.push_back(std::move(compiled));
  }
  for (auto& p : parsed.probes) probes_.push_back(std::move(p));
  for (auto& e : entries_) added.push_back(std::move(e));
  entries_ = std::move(added);
}

void FingerprintDb::add_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw usage_error("cannot read fingerprint file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  add(text.str(), path);
}

std::optional<ServiceMatch> FingerprintDb::match(std::string_view reply,
                                                 std::string_view probe) const {
  struct ContextDeleter {
    void operator()(pcre2_match_context* c) const { pcre2_match_context_free(c); }
  };
  static const std::unique_ptr<pcre2_match_context, ContextDeleter> context = [] {
    pcre2_match_context* c = pcre2_match_context_create(nullptr);
    pcre2_set_match_limit(c, kMatchLimit);
    pcre2_set_depth_limit(c, kDepthLimit);
    return std::unique_ptr<pcre2_match_context, ContextDeleter>(c);
  }();
  for (const auto& entry : entries_) {
    const Fingerprint& f = entry->fingerprint;
    if (f.probe != probe && f.probe != "passive") continue;
    pcre2_match_data* data = pcre2_match_data_create_from_pattern(entry->code.get(), nullptr);
    int rc = pcre2_match(entry->code.get(), reinterpret_cast<PCRE2_SPTR>(reply.data()),
                         reply.size(), 0, 0, data, context.get());
    std::optional<ServiceMatch> found;
    if (rc > 0) {
      const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data);
      auto pairs = static_cast<std::uint32_t>(rc);
      found = ServiceMatch{f.service,
                           fill(f.product, reply, ovector, pairs),
                           fill(f.version, reply, ovector, pairs),
                           fill(f.info, reply, ovector, pairs),
                           fill(f.hostname, reply, ovector, pairs),
                           f.origin};
    }
    pcre2_match_data_free(data);
    if (found) return found;
  }
  return std::nullopt;
}

const ProbeDef* FingerprintDb::probe(std::string_view name) const {
  for (const ProbeDef& p : probes_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::vector<std::string> FingerprintDb::probes_first(std::uint16_t port,
                                                     net::Transport transport) const {
  std::vector<std::string> out;
  for (const auto& entry : entries_) {
    const Fingerprint& f = entry->fingerprint;
    const ProbeDef* p = probe(f.probe);
    if (p == nullptr || p->transport != transport) continue;
    bool listed = std::any_of(f.ports.begin(), f.ports.end(), [&](const PortRange& r) {
      return port >= r.first && port <= r.last;
    });
    if (listed && std::find(out.begin(), out.end(), f.probe) == out.end()) out.push_back(f.probe);
  }
  return out;
}

std::size_t FingerprintDb::size() const {
  return entries_.size();
}

}  // namespace sockscope::discover
