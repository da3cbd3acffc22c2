// Public. Service fingerprints as data: the probes we may send and the patterns that name
// a service, its product and version from the reply. The format is documented in
// docs/fingerprints.md; the shipped entries (data/fingerprints.txt) are compiled in, and
// users add their own with --fingerprints FILE. Patterns are PCRE2, matched over raw
// bytes with match and depth limits, so a hostile banner cannot make matching slow.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/address.h"

namespace sockscope::discover {

// What one probe sends (a `send` line). `passive` sends nothing and only listens.
struct ProbeDef {
  std::string name;
  net::Transport transport = net::Transport::kTcp;
  std::string payload;  // bytes, escapes decoded
};

struct PortRange {
  std::uint16_t first = 0;
  std::uint16_t last = 0;
};

// One `match` entry. product/version/info/hostname are templates: $1..$9 stand for the
// pattern's captures.
struct Fingerprint {
  std::string service;
  std::string product;
  std::string version;
  std::string info;
  std::string hostname;
  std::string probe = "passive";  // the probe whose reply this pattern reads
  std::vector<PortRange> ports;   // ports where that probe is sent first
  std::string pattern;
  std::string origin;  // "file:line", for messages
};

// The answer of a match: texts with captures filled in, made printable.
struct ServiceMatch {
  std::string service;
  std::string product;
  std::string version;
  std::string info;
  std::string hostname;
  std::string origin;  // the entry that matched ("data/fingerprints.txt:40")
};

// Parses `text` (the format of docs/fingerprints.md). Throws sockscope::Error (kUsage)
// naming `origin` and the line for anything malformed: unknown keyword, bad escape, a
// pattern PCRE2 rejects, a probe never declared, a $N beyond the pattern's captures.
// `known_probes` are probes declared elsewhere (the built-in file) that entries may name.
struct ParsedFingerprints {
  std::vector<ProbeDef> probes;
  std::vector<Fingerprint> entries;
};
ParsedFingerprints parse_fingerprints(std::string_view text, std::string_view origin,
                                      const std::vector<ProbeDef>& known_probes = {});

class FingerprintDb {
 public:
  FingerprintDb();  // empty
  ~FingerprintDb();
  FingerprintDb(FingerprintDb&&) noexcept;
  FingerprintDb& operator=(FingerprintDb&&) noexcept;

  // The shipped entries (data/fingerprints.txt, compiled in).
  static FingerprintDb builtin();
  // Adds entries; those added later are tried first, so a user's file can override the
  // shipped one. Throws like parse_fingerprints.
  void add(std::string_view text, std::string_view origin);
  // Reads and adds a file; an unreadable file is a usage error naming it.
  void add_file(const std::string& path);

  // The first entry whose probe is `probe` (or `passive`: a greeting arrives whatever
  // was sent) and whose pattern matches `reply`.
  std::optional<ServiceMatch> match(std::string_view reply, std::string_view probe) const;

  const ProbeDef* probe(std::string_view name) const;
  // Probes of `transport` that entries ask to send first on `port`, in entry order, once each.
  std::vector<std::string> probes_first(std::uint16_t port, net::Transport transport) const;
  std::size_t size() const;

 private:
  struct Compiled;
  std::vector<ProbeDef> probes_;
  std::vector<std::unique_ptr<Compiled>> entries_;  // tried in order
};

}  // namespace sockscope::discover
