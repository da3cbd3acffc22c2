#include "discover/service_detection.h"

#include <memory>
#include <utility>

#include "core/text.h"
#include "discover/banner_text.h"
#include "discover/banners_csv.h"
#include "discover/parallel_grab.h"
#include "discover/service_label.h"

namespace sockscope::discover {
namespace {

void take_match(scan::ServiceFacts& f, const ServiceMatch& m) {
  f.product = m.product;
  f.version = m.version;
  f.info = m.info;
  f.hostname = m.hostname;
}

std::string join(const std::vector<std::string>& parts) {
  std::string text;
  for (const auto& p : parts) text += (text.empty() ? "" : "; ") + p;
  return text;
}

// A result that detection should look at: open, and no facts yet.
bool wants_detection(const scan::PortResult& r) {
  return r.state == scan::PortState::kOpen && !r.service;
}

}  // namespace

scan::ServiceFacts facts_of_grab(const GrabResult& g) {
  scan::ServiceFacts f;
  std::vector<std::string> notes = g.notes;
  if (g.status == GrabStatus::kBanner) {
    if (g.match || (g.tls && g.tls->ok)) f.name = service_label(g);
    if (g.match) take_match(f, *g.match);
    f.banner = banner_snippet(g.reply);
    if (f.banner.empty() && g.tls && g.tls->ok) {
      f.banner = "TLS " + g.tls->version + ", subject " +
                 printable_utf8(g.tls->subject, LineBreaks::kEscape);
    }
    f.probe = g.probe;
  } else {
    notes.push_back(g.reason);
  }
  f.note = join(notes);
  return f;
}

scan::ServiceFacts facts_of_udp(const UdpProbeResult& u) {
  scan::ServiceFacts f;
  if (u.outcome != UdpOutcome::kReply) {
    f.note = u.outcome == UdpOutcome::kNoReply   ? "no reply to the service datagram"
             : u.outcome == UdpOutcome::kRefused ? "port unreachable to the service datagram"
                                                 : "service datagram not sent: " + u.error;
    return f;
  }
  if (u.match) {
    f.name = u.match->service;
    take_match(f, *u.match);
  }
  f.banner = u.decoded ? *u.decoded : banner_snippet(u.reply);
  f.probe = u.probe.empty() ? "udp" : u.probe;
  return f;
}

void detect_services(std::vector<scan::HostReport>& hosts, const FingerprintDb& db,
                     const ServiceDetectionOptions& options, const std::function<bool()>& stop) {
  // Where each grab's answer goes: host and result index.
  std::vector<std::pair<std::size_t, std::size_t>> tcp_at, udp_at;
  std::vector<GrabTarget> tcp_targets, udp_targets;
  for (std::size_t h = 0; h < hosts.size(); ++h) {
    std::string address = hosts[h].target.address.to_string();
    for (std::size_t i = 0; i < hosts[h].results.size(); ++i) {
      const scan::PortResult& r = hosts[h].results[i];
      if (!wants_detection(r)) continue;
      bool udp = r.proto == net::Transport::kUdp;
      (udp ? udp_at : tcp_at).emplace_back(h, i);
      (udp ? udp_targets : tcp_targets).push_back({address, r.port});
    }
  }
  ParallelOptions parallel;
  parallel.max_parallel = options.max_parallel;
  parallel.per_host = options.per_host;
  parallel.max_rate = options.max_rate;
  parallel.stop = stop;
  auto not_run = [](const char* why) {
    GrabResult g;
    g.status = GrabStatus::kInterrupted;
    g.reason = why;
    return g;
  };
  std::vector<GrabResult> grabs = grab_all(tcp_targets, parallel, [&](const GrabTarget& t) {
    if (stop && stop()) return not_run("interrupted before the banner was grabbed");
    GrabOptions g;
    g.host = t.host;
    g.port = t.port;
    g.connect_timeout = options.connect_timeout;
    g.probe_timeout = options.probe_timeout;
    g.probe_printers = options.probe_printers;
    return grab_banner(g, db);
  });
  // A grab Ctrl-C cut short leaves its result without facts, so --resume grabs it again.
  for (std::size_t k = 0; k < grabs.size(); ++k) {
    if (grabs[k].status == GrabStatus::kInterrupted) continue;
    auto [h, i] = tcp_at[k];
    hosts[h].results[i].service =
        std::make_shared<const scan::ServiceFacts>(facts_of_grab(grabs[k]));
  }
  // One datagram a port: the same pool and pacing, its result carried in a GrabResult's
  // place would only hide it, so the UDP probes run through their own list.
  std::vector<scan::ServiceFacts> udp_facts(udp_targets.size());
  std::vector<char> udp_done(udp_targets.size(), 0);  // written by one thread each
  (void)grab_all(udp_targets, parallel, [&](const GrabTarget& t) {
    std::size_t k = static_cast<std::size_t>(&t - udp_targets.data());
    if (stop && stop()) return GrabResult{};  // no facts: --resume asks again
    UdpProbeOptions u;
    u.host = t.host;
    u.port = t.port;
    u.timeout = options.probe_timeout.value_or(std::chrono::seconds(2));
    UdpProbeResult reply = udp_probe(u, db);
    if (reply.outcome != UdpOutcome::kInterrupted) {
      udp_facts[k] = facts_of_udp(reply);
      udp_done[k] = 1;
    }
    return GrabResult{};
  });
  for (std::size_t k = 0; k < udp_facts.size(); ++k) {
    if (!udp_done[k]) continue;
    auto [h, i] = udp_at[k];
    hosts[h].results[i].service =
        std::make_shared<const scan::ServiceFacts>(std::move(udp_facts[k]));
  }
}

void write_banners_csv(std::ostream& out, const std::vector<scan::HostReport>& hosts) {
  write_banners_csv_header(out);
  for (const scan::HostReport& h : hosts) {
    std::string host = h.target.name.empty() ? h.target.address.to_string() : h.target.name;
    for (const scan::PortResult& r : h.results) {
      if (r.proto != net::Transport::kTcp || r.state != scan::PortState::kOpen || !r.service)
        continue;
      write_banners_csv_row(out, {host, r.port, to_upper_ascii(std::string_view(r.service->name)),
                                  r.service->banner});
    }
  }
}

}  // namespace sockscope::discover
