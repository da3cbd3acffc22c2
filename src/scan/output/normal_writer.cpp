// -oN and the terminal: nmap's normal output, shaped so people's eyes and greps carry
// over ("PORT STATE SERVICE", "Not shown: ...").
#include <cstdio>
#include <memory>

#include "net/services.h"
#include "scan/output/result_writer.h"
#include "scan/port_listing.h"

namespace sockscope::scan {
namespace {

std::string group_text(const PortGroup& g) {
  std::string text = std::to_string(g.count) + " " + state_name(g.state) + " " +
                     proto_name(g.proto) + (g.count == 1 ? " port" : " ports") + " (";
  if (g.reasons.size() == 1) {
    text += g.reasons[0].first;
  } else {
    for (std::size_t i = 0; i < g.reasons.size(); ++i) {
      if (i) text += ", ";
      text += std::to_string(g.reasons[i].second) + " " + g.reasons[i].first;
    }
  }
  return text + ")";
}

class NormalWriter final : public ResultWriter {
 public:
  explicit NormalWriter(std::ostream& out) : out_(out) {}

  void begin(const ScanInfo& info) override {
    info_ = info;
    out_ << "Starting sockscope " << info.version << " at "
         << format_time(info.start, "%Y-%m-%d %H:%M UTC") << "\n";
    if (info.resumed) out_ << "Scan " << resumed_note(info) << "\n";
    out_.flush();
  }

  void host(const HostReport& host) override {
    std::string addr = host.target.address.to_string();
    std::string shown = host.target.name.empty() ? addr : host.target.name + " (" + addr + ")";
    out_ << "sockscope scan report for " << shown << "\n";
    if (host.latency > Duration::zero()) {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "Host is up (%.6fs latency).\n", to_seconds(host.latency));
      out_ << buf;
    } else {
      out_ << "Host is up.\n";
    }
    std::vector<const PortResult*> listed;
    std::vector<PortGroup> groups;
    split_for_listing(host, info_.only_open, listed, groups);
    if (listed.empty()) {
      out_ << "All " << host.results.size() << " scanned ports on " << shown
           << " are in ignored states.\n";
    }
    if (!groups.empty()) {
      out_ << "Not shown: ";
      for (std::size_t i = 0; i < groups.size(); ++i)
        out_ << (i ? ", " : "") << group_text(groups[i]);
      out_ << "\n";
    }
    if (!listed.empty()) {
      std::size_t port_w = 4, state_w = 5, service_w = 7;
      std::vector<std::string> ports, services;
      for (const PortResult* r : listed) {
        ports.push_back(std::to_string(r->port) + "/" + proto_name(r->proto));
        services.push_back(net::service_name(r->port, r->proto));
        port_w = std::max(port_w, ports.back().size());
        state_w = std::max(state_w, std::string(state_name(r->state)).size());
        service_w = std::max(service_w, services.back().size());
      }
      auto row = [&](const std::string& a, const std::string& b, const std::string& c,
                     const std::string& d) {
        std::string line = a + std::string(port_w + 1 - a.size(), ' ') + b +
                           std::string(state_w + 1 - b.size(), ' ');
        if (info_.show_reason) {
          line += c + std::string(service_w + 1 - c.size(), ' ') + d;
        } else {
          line += c;
        }
        out_ << line << "\n";
      };
      row("PORT", "STATE", "SERVICE", "REASON");
      for (std::size_t i = 0; i < listed.size(); ++i) {
        const PortResult& r = *listed[i];
        std::string reason = r.reason;
        if (r.reason_ip) reason += " from " + r.reason_ip->to_string();  // as nmap says it
        if (r.ttl >= 0) reason += " ttl " + std::to_string(r.ttl);
        row(ports[i], state_name(r.state), services[i], reason);
      }
    }
    out_ << "\n";
    out_.flush();
  }

  void end(const ScanSummary& s) override {
    char buf[256];
    std::snprintf(buf, sizeof(buf),
                  "sockscope done: %llu IP address%s (%llu host%s up) scanned in %.2f seconds%s\n",
                  static_cast<unsigned long long>(s.hosts_total), s.hosts_total == 1 ? "" : "es",
                  static_cast<unsigned long long>(s.hosts_up), s.hosts_up == 1 ? "" : "s",
                  to_seconds(total_elapsed(info_, s)), this_run_note(info_, s).c_str());
    out_ << buf;
    out_.flush();
  }

 private:
  std::ostream& out_;
  ScanInfo info_;
};

}  // namespace

std::unique_ptr<ResultWriter> make_normal_writer(std::ostream& out) {
  return std::make_unique<NormalWriter>(out);
}

}  // namespace sockscope::scan
