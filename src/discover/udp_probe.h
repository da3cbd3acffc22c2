// Public. The UDP lab's udp_probe_simple.py with an answer people can read: one datagram
// (the port's service probe from the fingerprint data, or the caller's bytes, or the
// lab's single zero byte), one reply awaited until a deadline, the reply decoded
// (udp_decoders.h) and fingerprinted. A connected socket also hears ICMP port
// unreachable, so "closed" is told apart from "no reply".
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "discover/fingerprints.h"
#include "net/address.h"

namespace sockscope::discover {

struct UdpProbeOptions {
  std::string host;
  std::uint16_t port = 0;
  std::optional<std::string> payload;  // nullopt: the port's probe, else "\x00"
  Duration timeout = std::chrono::seconds(2);
};

enum class UdpOutcome { kReply, kNoReply, kRefused, kNameError, kInterrupted, kError };

struct UdpProbeResult {
  UdpOutcome outcome = UdpOutcome::kError;
  std::string error;   // kNameError / kError: why
  std::string probe;   // the fingerprint probe sent, "" for the caller's or the lab's bytes
  std::string sent;    // the payload
  net::Endpoint peer;  // the address used
  std::string reply;   // the datagram (up to 64 KiB)
  Duration elapsed{};  // send to reply
  std::optional<std::string> decoded;  // one line, when a decoder knows the reply
  std::optional<ServiceMatch> match;
};

UdpProbeResult udp_probe(const UdpProbeOptions& options, const FingerprintDb& db,
                         const Clock& clock = SteadyClock::instance());

}  // namespace sockscope::discover
