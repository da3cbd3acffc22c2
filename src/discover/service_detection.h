// Internal to cli/. `scan --banners` (-sV): where scan and discover meet. The scan's
// finished hosts are held; after the port scan the open TCP ports' banners are grabbed
// in parallel (grab_all: bounded in all and per host, starts paced to
// --max-rate), open UDP ports get their service datagram again and the reply decoded,
// and each result gets its scan::ServiceFacts before the writers see it. scan/ never
// includes discover/ (src/LAYERS); this file ties them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "discover/banner_grabber.h"
#include "discover/fingerprints.h"
#include "discover/udp_probe.h"
#include "scan/types.h"

namespace sockscope::discover {

struct ServiceDetectionOptions {
  std::size_t max_parallel = 32;  // grabs in flight in all
  std::size_t per_host = 6;       // and on one host
  double max_rate = 0;            // grab starts a second (--max-rate); 0: no limit
  Duration connect_timeout = std::chrono::seconds(3);
  std::optional<Duration> probe_timeout;  // --probe-timeout: overrides the RTT-scaled waits
  bool probe_printers = false;            // --allports: active probes on 9100-9107 too
};

// The facts a TCP grab gives a result: service ("ssl/http" inside TLS), product, version,
// the banner as one escaped line, the probe that answered, and why nothing (or only a
// passive read) when so.
scan::ServiceFacts facts_of_grab(const GrabResult& g);
// The same for a UDP reply: the decoder's line as the banner when one knows the protocol.
scan::ServiceFacts facts_of_udp(const UdpProbeResult& u);

// Fills in `service` for every open TCP and open UDP result of `hosts` that has none yet
// (results --resume brought with facts keep them). Stops starting grabs once `stop`
// answers true; a result whose grab was cut short or never started gets no facts, so a
// --resume of the outputs grabs it again.
void detect_services(std::vector<scan::HostReport>& hosts, const FingerprintDb& db,
                     const ServiceDetectionOptions& options, const std::function<bool()>& stop);

// --banners-csv: the lab's banners.csv (host,port,service_hint,banner_snippet), one row
// per open TCP port that went through detection, RFC 4180 quoting, header first.
void write_banners_csv(std::ostream& out, const std::vector<scan::HostReport>& hosts);

}  // namespace sockscope::discover
