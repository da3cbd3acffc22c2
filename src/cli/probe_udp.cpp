#include "cli/probe_udp.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/options.h"
#include "core/error.h"
#include "discover/escapes.h"
#include "discover/udp_probe.h"
#include "net/interrupt.h"

namespace sockscope::cli {
namespace {
namespace file_probe_udp {

// The lab keeps the first 200 bytes of the reply, as hex.
constexpr std::size_t kLabReplyBytes = 200;

}  // namespace file_probe_udp
}  // namespace

std::shared_ptr<UdpProbeFlags> add_udp_probe_flags(CLI::App& app) {
  auto flags = std::make_shared<UdpProbeFlags>();
  CLI::Option* udp =
      app.add_flag("--udp", flags->udp,
                   "probe a UDP port instead (the lab's udp_probe_simple.py): send one datagram, "
                   "print and decode the reply (DNS, NTP, SNMP)");
  app.add_option("--payload", flags->payload_hex,
                 "with --udp: the datagram as hex (default: the port's service probe, e.g. DNS "
                 "version.bind on 53, else the lab's single zero byte)")
      ->type_name("HEX")
      ->needs(udp);
  app.add_flag("--json", flags->json,
               "with --udp: one JSON object with the lab's fields host, port, reply (hex of the "
               "first 200 bytes, null when none), elapsed (seconds, null when none)")
      ->needs(udp);
  return flags;
}

int run_udp_probe(const UdpProbeFlags& flags, const std::string& host, const std::string& port,
                  const std::string& timeout, bool verbose) {
  net::install_interrupt_handlers();
  discover::UdpProbeOptions options;
  options.host = require_host(host);
  options.port = net::parse_port(port);
  options.timeout = parse_timeout(timeout);
  if (!flags.payload_hex.empty()) {
    std::string bytes;
    if (!discover::decode_hex(flags.payload_hex, bytes)) {
      throw usage_error("--payload: '" + flags.payload_hex + "' is not hex (two digits a byte)");
    }
    options.payload = bytes;
  }
  discover::FingerprintDb db = discover::FingerprintDb::builtin();
  discover::UdpProbeResult r = discover::udp_probe(options, db);
  if (r.outcome == discover::UdpOutcome::kInterrupted) return interrupted_exit_code();
  bool replied = r.outcome == discover::UdpOutcome::kReply;
  if (flags.json) {
    nlohmann::json j;
    j["host"] = host;
    j["port"] = options.port;
    j["reply"] = replied ? nlohmann::json(discover::encode_hex(
                               r.reply.substr(0, file_probe_udp::kLabReplyBytes)))
                         : nlohmann::json(nullptr);
    j["elapsed"] = replied ? nlohmann::json(to_seconds(r.elapsed)) : nlohmann::json(nullptr);
    if (replied) j["reply_bytes"] = r.reply.size();
    if (r.decoded) j["decoded"] = *r.decoded;
    if (r.match) j["service"] = r.match->service;
    if (r.match && !r.match->product.empty()) j["product"] = r.match->product;
    if (r.match && !r.match->version.empty()) j["version"] = r.match->version;
    if (r.outcome == discover::UdpOutcome::kRefused) j["error"] = "port unreachable";
    if (r.outcome == discover::UdpOutcome::kNameError) j["error"] = "name_error: " + r.error;
    if (r.outcome == discover::UdpOutcome::kError) j["error"] = r.error;
    std::printf("%s\n", j.dump().c_str());
  } else if (replied) {
    std::printf("%s:%u/udp replied: %zu bytes in %.3fs\n", host.c_str(), options.port,
                r.reply.size(), to_seconds(r.elapsed));
    if (r.decoded) std::printf("%s\n", r.decoded->c_str());
    if (r.match) {
      std::printf("Service: %s%s%s%s%s\n", r.match->service.c_str(),
                  r.match->product.empty() ? "" : ", ", r.match->product.c_str(),
                  r.match->version.empty() ? "" : " ", r.match->version.c_str());
    }
    std::printf("Reply: %s\n",
                discover::encode_hex(r.reply.substr(0, file_probe_udp::kLabReplyBytes)).c_str());
  } else if (r.outcome == discover::UdpOutcome::kRefused) {
    std::printf("%s:%u/udp is CLOSED (port unreachable)\n", host.c_str(), options.port);
  } else if (r.outcome == discover::UdpOutcome::kNameError) {
    // As `probe` over TCP: a name that does not resolve is the network saying no.
    std::printf("%s:%u/udp is CLOSED (name_error: %s)\n", host.c_str(), options.port,
                r.error.c_str());
  } else if (r.outcome == discover::UdpOutcome::kNoReply) {
    std::printf("%s:%u/udp: no reply (closed, filtered, or the service ignored the datagram)\n",
                host.c_str(), options.port);
  } else {
    std::printf("%s:%u/udp: error (%s)\n", host.c_str(), options.port, r.error.c_str());
  }
  if (verbose && !flags.json) {
    std::printf("Sent %zu bytes%s%s\n", r.sent.size(), r.probe.empty() ? "" : ", probe ",
                r.probe.c_str());
  }
  return replied ? 0 : static_cast<int>(ExitCode::kNetworkNo);
}

}  // namespace sockscope::cli
