// Public. Grabbing a TCP service's banner and naming the service: the banner lab's
// lab4-2_banner.py done with bounded waits. `auto` sends what the fingerprints ask for on
// this port first, then the lab's order: HTTP GET, SMTP HELO, a passive read; a reply
// that is a TLS alert (or silence everywhere) leads to the TLS probe. Each probe uses its
// own connection, as the lab's does. Library code: results out, nothing printed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "discover/fingerprints.h"
#include "discover/read_reply.h"
#include "discover/tls_inspect.h"

namespace sockscope::discover {

struct GrabOptions {
  std::string host;
  std::uint16_t port = 0;
  // "auto", or one probe of the fingerprint data ("http", "smtp", "passive", "tls", ...);
  // "generic" is the lab's word for the passive read.
  std::string probe = "auto";
  Duration connect_timeout = std::chrono::seconds(3);
  // Overrides the RTT-scaled waits (see reply_waits()).
  std::optional<Duration> probe_timeout;
  // `auto` on a printer port (is_printer_port) sends no active probe unless this is set
  // (scan --allports, as nmap's).
  bool probe_printers = false;
};

// How long to wait for a reply, scaled to the round trip the connect measured: a local
// service answers in microseconds, one across the world in hundreds of milliseconds,
// and neither should cost nmap's fixed 6 s. `override_wait` replaces the first waits.
struct ReplyWaits {
  ReadRule active;   // after sending a probe
  ReadRule passive;  // listening for a greeting
};
ReplyWaits reply_waits(Duration rtt, std::optional<Duration> override_wait);

// Printers (JetDirect raw ports 9100-9107) print whatever they receive: only a passive
// read there unless a probe is asked for by name.
bool is_printer_port(std::uint16_t port);

enum class GrabStatus {
  kBanner,
  kNothing,
  kRefused,
  kTimeout,
  kUnreachable,
  kNameError,
  kInterrupted,
  kError
};

struct GrabResult {
  GrabStatus status = GrabStatus::kNothing;
  std::string reason;  // not kBanner: in words ("refused", "no reply to http, smtp, passive")
  std::string probe;   // the probe whose reply is `reply`
  std::string reply;   // raw bytes, at most ReadRule::max_bytes
  ReadEnd end = ReadEnd::kSilent;
  std::optional<ServiceMatch> match;
  std::optional<TlsInfo> tls;
  std::vector<std::string> notes;  // e.g. why no active probe was sent
  std::vector<std::string> tried;  // probes sent, in order
  Duration rtt{};
  Duration elapsed{};
};

// Throws sockscope::Error (kUsage) for a probe name the fingerprints do not declare or
// one for UDP.
GrabResult grab_banner(const GrabOptions& options, const FingerprintDb& db,
                       const Clock& clock = SteadyClock::instance());

// The order `auto` tries on `port` (exposed for tests).
std::vector<std::string> auto_probe_order(const FingerprintDb& db, std::uint16_t port,
                                          bool probe_printers = false);

}  // namespace sockscope::discover
